#!/usr/bin/env node
// Pushes `file` to `ref` through @nx-wasmcloud/oci (built dist) as the CLI does; with --repush it
// then pushes again, unchanged, in the same process. Prints JSON timings (ms, in-process) and counts.
// Run under /usr/bin/time by oci-push.js. usage: node tools/bench/oci-push-run.js <ref> <file> [--repush]
const path = require('node:path');
const lib = process.env.OCI_BENCH_LIB || path.join(__dirname, '../../packages');
const { pushArtifact } = require(path.join(lib, 'oci/dist/index.js'));
const [ref, file, flag] = process.argv.slice(2);
async function main() {
  let t = process.hrtime.bigint();
  const first = await pushArtifact({ reference: ref, file, insecure: true });
  const firstMs = Number(process.hrtime.bigint() - t) / 1e6;
  let again;
  let repushMs;
  if (flag === '--repush') {
    t = process.hrtime.bigint();
    again = await pushArtifact({ reference: ref, file, insecure: true });
    repushMs = Number(process.hrtime.bigint() - t) / 1e6;
  }
  console.log(JSON.stringify({ digest: first.digest, uploaded: first.uploaded, firstMs, repushMs, repushUploaded: again?.uploaded }));
}
main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
