module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'host',
  rootDir: __dirname,
};
