module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'par',
  rootDir: __dirname,
};
