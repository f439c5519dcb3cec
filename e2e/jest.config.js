// The end-to-end suite: one long, ordered run (steps share a workspace), so generous timeouts
// and no parallel workers (package.json runs jest --runInBand).
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e.ts'],
  testTimeout: 600_000,
  // A step prints its commands as it runs them; keep them visible in CI logs.
  verbose: true,
};
