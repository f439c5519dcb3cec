module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'oci',
  rootDir: __dirname,
};
