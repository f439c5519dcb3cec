#!/usr/bin/env node
// Time and memory of `generate()` on hostile-sized models.
//   node tools/large-model-bench.js [dist dir] [case]    (cases: doc-lines, doc-string, doc-textblock, shapes-100k)
// Run each case alone under `/usr/bin/time -v` to read its peak RSS ("Maximum resident set size").
// Inputs are written to a temp dir and removed; the formatter is `true` so rustfmt's time is not counted.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const dist = path.resolve(process.argv[2] || path.join(__dirname, '..', 'dist'));
const which = process.argv[3] || 'shapes-100k';
const { generate } = require(dist);

const big = 'lorem ipsum dolor sit amet '.repeat(Math.ceil(20e6 / 27)); // 20 MB
const service = (doc) =>
  `namespace ex.big\nuse org.wasmcloud.model#wasmbus\n${doc}@wasmbus(contractId: "a:b", actorReceive: true)\nservice S { version: "1", operations: [Op] }\noperation Op { input: String, output: String }\n`;
const cases = {
  'doc-lines': () => service(`/// ${big.replace(/amet /g, 'amet\n/// ')}\n`),
  'doc-string': () => service(`@documentation("${big}")\n`),
  'doc-textblock': () => service(`@documentation("""\n${big.replace(/amet /g, 'amet\n')}""")\n`),
  'shapes-100k': () => {
    const parts = ['namespace ex.big\n'];
    for (let i = 0; i < 100000; i++) parts.push(`structure S${i} {\n  @required\n  a: String,\n  b: Integer\n}\n`);
    return parts.join('');
  },
};
if (!cases[which]) throw new Error(`unknown case ${which}; one of ${Object.keys(cases).join(', ')}`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smithy-bench-'));
try {
  fs.writeFileSync(path.join(dir, 'm.smithy'), cases[which]());
  fs.writeFileSync(
    path.join(dir, 'codegen.toml'),
    '[[models]]\npath = "m.smithy"\n[rust]\noutput_dir = "out"\nformatter = ["true"]\n[[rust.files]]\npath = "x.rs"\nnamespace = "ex.big"\n' +
      '[typescript]\noutput_dir = "out"\n[html]\noutput_dir = "out"\n',
  );
  const started = Date.now();
  generate(path.join(dir, 'codegen.toml'), { env: { ...process.env, XDG_CACHE_HOME: path.join(dir, 'cache') } }).then(
    (r) => {
      console.log(`${which}: ${Date.now() - started} ms, ${r.written.length} files`);
      fs.rmSync(dir, { recursive: true, force: true });
    },
    (err) => {
      console.error(`${which}: ${err.message}`);
      fs.rmSync(dir, { recursive: true, force: true });
      process.exitCode = 1;
    },
  );
} catch (err) {
  fs.rmSync(dir, { recursive: true, force: true });
  throw err;
}
