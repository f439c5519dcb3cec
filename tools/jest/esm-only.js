// The ESM-only packages (jose 6, execa 9 and execa's ESM-only dependencies) that Jest must
// resolve with the `import` condition and transpile to CommonJS. Shared by jest.preset.js and
// resolver.js so the list exists once.
module.exports = [
  'jose',
  'execa',
  '@sindresorhus/merge-streams',
  '@sec-ant/readable-stream',
  'figures',
  'get-stream',
  'human-signals',
  'is-plain-obj',
  'is-stream',
  'is-unicode-supported',
  'npm-run-path',
  'parse-ms',
  'path-key',
  'pretty-ms',
  'strip-final-newline',
  'unicorn-magic',
  'yoctocolors',
];
