// Lets a child process of a test run the TypeScript sources as Jest does (transpile only, the
// @nx-wasmcloud packages mapped to their src/index.ts), so a host can run in a process the test kills.
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const { createHash } = require('node:crypto');
const os = require('node:os');

// Transpiled output is cached by content hash: loading typescript and transpiling the host's import
// graph takes seconds on a loaded machine, every time the child starts.
const cacheDir = path.join(os.tmpdir(), 'nx-wasmcloud-ts-child-cache');
let ts;

const packages = path.resolve(__dirname, '../../../..');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const m = /^@nx-wasmcloud\/(wascap|par|oci|smithy|host)$/.exec(request);
  if (m) return path.join(packages, m[1], 'src/index.ts');
  return resolve.call(this, request, ...rest);
};
require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const cached = path.join(cacheDir, `${createHash('sha256').update(filename).update('\0').update(source).digest('hex')}.js`);
  let js;
  try {
    js = fs.readFileSync(cached, 'utf8');
  } catch {
    ts ??= require('typescript');
    js = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
    fs.mkdirSync(cacheDir, { recursive: true });
    const tmp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, js);
    fs.renameSync(tmp, cached);
  }
  module._compile(js, filename);
};
