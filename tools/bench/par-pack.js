#!/usr/bin/env node
// Benchmark driver for the built @nx-wasmcloud/par.
// usage: node par-pack.js <dest> [--compress] <target>=<binary>...   (createPar)
//        node par-pack.js --insert <archive> <target>=<binary>        (insertPar)
const path = require('node:path');
const root = path.resolve(__dirname, '..', '..');
const { createPar, insertPar } = require(path.join(root, 'packages/par/dist/index.js'));
const { KeyPair } = require(path.join(root, 'packages/wascap/dist/index.js'));

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--insert') {
    const [, archive, spec] = args;
    const eq = spec.indexOf('=');
    const start = process.hrtime.bigint();
    await insertPar({ archive, target: spec.slice(0, eq), binary: spec.slice(eq + 1), issuer: KeyPair.create('account'), subject: KeyPair.create('service') });
    process.stderr.write(`inserted into ${archive} in ${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(0)} ms\n`);
    return;
  }
  const dest = args.shift();
  const compress = args[0] === '--compress' ? (args.shift(), true) : false;
  const binaries = args.map((a) => {
    const eq = a.indexOf('=');
    return { target: a.slice(0, eq), path: a.slice(eq + 1) };
  });
  const start = process.hrtime.bigint();
  const { file } = await createPar({
    binaries,
    capid: 'bench:par',
    vendor: 'bench',
    name: 'bench',
    issuer: KeyPair.create('account'),
    subject: KeyPair.create('service'),
    destination: dest,
    compress,
    env: { SOURCE_DATE_EPOCH: '0' },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  process.stderr.write(`packed ${file} in ${ms.toFixed(0)} ms\n`);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
