module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'wascap',
  rootDir: __dirname,
};
