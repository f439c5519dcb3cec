module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'smithy',
  rootDir: __dirname,
};
