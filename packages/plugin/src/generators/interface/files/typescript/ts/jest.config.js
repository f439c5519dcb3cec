// Tests run against the compiled package (dist/), as a consumer would use it.
module.exports = { testEnvironment: 'node', testMatch: ['<rootDir>/test/**/*.test.js'] };
