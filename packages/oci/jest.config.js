module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'oci',
  rootDir: __dirname,
  setupFiles: ['<rootDir>/jest.setup.js'],
  setupFilesAfterEnv: ['<rootDir>/jest.after-env.js'],
  // Tests talk to a real registry process; start-up and pushes take seconds on a shared machine.
  testTimeout: 60_000,
};
