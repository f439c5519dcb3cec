// Lets a child `node` process run this package's TypeScript sources directly (tests that kill a
// real process mid-push or mid-pull): each .ts file is transpiled on load, and @nx-wasmcloud/*
// resolve to their sources, as in Jest's moduleNameMapper.
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');

const packages = join(__dirname, '..', '..', '..');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const m = /^@nx-wasmcloud\/(wascap|par|oci)$/.exec(request);
  return resolve.call(this, m ? join(packages, m[1], 'src', 'index.ts') : request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};
