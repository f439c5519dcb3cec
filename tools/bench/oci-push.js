#!/usr/bin/env node
// Benchmark: push a 200 MiB PAR with @nx-wasmcloud/oci vs `skopeo copy` of the same artifact from an
// OCI layout, each to its own fresh local Distribution registry; then re-push unchanged.
// Reports median wall times, the ratios, and peak RSS. usage: tools/bench/oci-push.sh
const { spawnSync } = require('node:child_process');
const { mkdtempSync, openSync, writeSync, closeSync, rmSync, statSync } = require('node:fs');
const { randomBytes } = require('node:crypto');
const { tmpdir } = require('node:os');
const path = require('node:path');
const root = path.join(__dirname, '../..');
const lib = process.env.OCI_BENCH_LIB || path.join(root, 'packages');
const oci = require(path.join(lib, 'oci/dist/index.js'));
const par = require(path.join(lib, 'par/dist/index.js'));
const wascap = require(path.join(lib, 'wascap/dist/index.js'));

const MIB = Number(process.env.OCI_BENCH_MIB || 200);
const REPS = Number(process.env.OCI_BENCH_REPS || 3);

/** Runs a command under /usr/bin/time; returns wall seconds, peak RSS (MiB) and its stdout. */
function measure(cmd, args, env, unset = []) {
  const full = { ...process.env, ...env };
  for (const name of unset) delete full[name];
  const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M', cmd, ...args], { env: full, encoding: 'utf8' });
  const m = /__TIME__ ([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${cmd} failed: ${r.stderr}`);
  return { seconds: Number(m[1]), rssMiB: Number(m[2]) / 1024, stdout: r.stdout };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const work = mkdtempSync(path.join(tmpdir(), 'nx-wasmcloud-oci-bench-'));
  try {
    const bin = path.join(work, 'provider.bin');
    const fd = openSync(bin, 'w');
    for (let i = 0; i < MIB; i++) writeSync(fd, randomBytes(1 << 20));
    closeSync(fd);
    const { file } = await par.createPar({
      binaries: [{ target: 'x86_64-linux', path: bin }],
      capid: 'wasmcloud:bench',
      vendor: 'bench',
      name: 'bench',
      issuer: wascap.KeyPair.create('account'),
      subject: wascap.KeyPair.create('service'),
      destination: path.join(work, 'bench.par'),
    });
    const layout = path.join(work, 'layout');
    await oci.pushArtifact({ reference: `oci:${layout}:bench`, file, digestCache: false });
    // Files fresher than a second are never trusted to the digest cache (racy-file rule).
    await new Promise((r) => setTimeout(r, 1200));
    const size = statSync(file).size / (1 << 20);

    // Node 20 parses NODE_EXTRA_CA_CERTS eagerly at start-up (nodejs/node#40524), before any of our
    // code runs: ~40 ms for a system bundle, which skopeo never pays. Where the environment sets
    // it, the push is also timed without it, as Node runs by default.
    const extraCa = process.env.NODE_EXTRA_CA_CERTS ? ['NODE_EXTRA_CA_CERTS'] : undefined;
    const ours = [],
      skopeo = [],
      repush = [],
      inProcess = [],
      cli = [],
      oursDefault = [];
    for (let rep = 0; rep < REPS; rep++) {
      const cache = mkdtempSync(path.join(work, 'xdg-'));
      const [a, b, c, d] = await Promise.all([oci.startLocalRegistry(), oci.startLocalRegistry(), oci.startLocalRegistry(), oci.startLocalRegistry()]);
      try {
        const env = { XDG_CACHE_HOME: cache };
        // Alternate the order so page-cache warmth and neighbours' load favour neither side.
        const runSkopeo = () =>
          skopeo.push(measure('skopeo', ['copy', '-q', '--dest-tls-verify=false', `oci:${layout}:bench`, `docker://${a.url}/bench/par:1.0.0`]));
        const push = (reg, unset) => measure('node', [path.join(__dirname, 'oci-push-run.js'), `${reg.url}/bench/par:1.0.0`, file], env, unset);
        const runOurs = () => ours.push(push(b));
        const runDefault = () => extraCa && oursDefault.push(push(d, extraCa));
        if (rep % 2) {
          runOurs();
          runDefault();
          runSkopeo();
        } else {
          runSkopeo();
          runDefault();
          runOurs();
        }
        // What a user typing the command waits for (its own fresh registry, like the two above).
        cli.push(
          measure('node', [path.join(root, 'packages/cli/bin/nx-wasmcloud.js'), 'push', '--insecure', `${c.url}/bench/par:1.0.0`, file], {
            XDG_CACHE_HOME: mkdtempSync(path.join(work, 'xdg-')),
          }),
        );
        // A new process re-pushing (what `nx-wasmcloud push` costs), then first push + re-push in one
        // process (what the Nx executor costs) on a fresh repository.
        const again = measure('node', [path.join(__dirname, 'oci-push-run.js'), `${b.url}/bench/par:1.0.0`, file], env);
        if (JSON.parse(again.stdout).uploaded !== 0) throw new Error('re-push uploaded a blob');
        repush.push(again);
        const both = measure('node', [path.join(__dirname, 'oci-push-run.js'), `${b.url}/bench/fresh${rep}:1.0.0`, file, '--repush'], {
          XDG_CACHE_HOME: mkdtempSync(path.join(work, 'xdg-')),
        });
        const j = JSON.parse(both.stdout);
        if (j.repushUploaded !== 0) throw new Error('in-process re-push uploaded a blob');
        inProcess.push(j);
      } finally {
        await Promise.all([a.stop(), b.stop(), c.stop(), d.stop()]);
      }
    }
    const bare = median([0, 1, 2].map(() => measure('node', ['-e', '0']).seconds));
    const bareDefault = extraCa && median([0, 1, 2].map(() => measure('node', ['-e', '0'], {}, extraCa).seconds));
    const skopeoStart = median([0, 1, 2].map(() => measure('skopeo', ['--version']).seconds));
    const t = (xs) => median(xs.map((x) => x.seconds));
    const peak = (xs) => Math.max(...xs.map((x) => x.rssMiB));
    const first = median(inProcess.map((x) => x.firstMs));
    const re = median(inProcess.map((x) => x.repushMs));
    console.log(`artifact: PAR ${size.toFixed(1)} MiB, ${REPS} reps (median), fresh registry per rep; node startup alone ${bare.toFixed(2)} s`);
    console.log(`skopeo copy oci-layout -> registry:  ${t(skopeo).toFixed(2)} s, peak RSS ${peak(skopeo).toFixed(1)} MiB`);
    console.log(`nx-wasmcloud push (new process):    ${t(ours).toFixed(2)} s, peak RSS ${peak(ours).toFixed(1)} MiB`);
    console.log(
      `nx-wasmcloud CLI push:              ${t(cli).toFixed(2)} s, peak RSS ${peak(cli).toFixed(1)} MiB (${(t(cli) / t(skopeo)).toFixed(2)}x skopeo)`,
    );
    console.log(`nx-wasmcloud re-push (new process): ${t(repush).toFixed(2)} s, peak RSS ${peak(repush).toFixed(1)} MiB`);
    console.log(`in one process: push ${first.toFixed(0)} ms, re-push ${re.toFixed(0)} ms`);
    console.log(`samples (s): skopeo ${skopeo.map((x) => x.seconds.toFixed(2)).join(' ')} | push ${ours.map((x) => x.seconds.toFixed(2)).join(' ')}`);
    console.log(`ratio push / skopeo:                ${(t(ours) / t(skopeo)).toFixed(2)}x (target <= 1.0x)`);
    console.log(`ratio push / skopeo, less runtime start (node -e 0 vs skopeo --version): ${((t(ours) - bare) / (t(skopeo) - skopeoStart)).toFixed(2)}x`);
    if (extraCa) {
      console.log(
        `without NODE_EXTRA_CA_CERTS (set here to ${process.env.NODE_EXTRA_CA_CERTS}; node -e 0 ${bareDefault.toFixed(2)} s instead of ${bare.toFixed(2)} s):`,
      );
      console.log(`  push (new process):               ${t(oursDefault).toFixed(2)} s; samples ${oursDefault.map((x) => x.seconds.toFixed(2)).join(' ')}`);
      console.log(`  ratio push / skopeo:              ${(t(oursDefault) / t(skopeo)).toFixed(2)}x (target <= 1.0x)`);
    }
    console.log(`ratio re-push / push (in process):  ${((100 * re) / first).toFixed(1)}% (target < 5%)`);
    console.log(`ratio re-push / push (new process): ${((100 * t(repush)) / t(ours)).toFixed(1)}% (includes node startup)`);
    console.log(`peak RSS push:                      ${Math.max(peak(ours), peak(repush)).toFixed(1)} MiB (target < 150 MiB)`);
    await gzipParSection(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * A .par.gz, the format the plugin's par target writes: validating it means inflating every binary,
 * which costs more than the upload. Pushed three ways, each to a fresh registry: validated by the
 * push; after rememberArtifact (what the par executor records, so the Nx par -> push chain skips
 * validation); and skopeo from a layout.
 */
async function gzipParSection(work) {
  const mib = Number(process.env.OCI_BENCH_GZ_MIB || 100);
  const bin = path.join(work, 'compressible.bin');
  const fd = openSync(bin, 'w');
  // Base64 text of random bytes: compresses to ~75%, inflates at zlib's usual speed.
  for (let i = 0; i < mib; i++) writeSync(fd, randomBytes(768 << 10).toString('base64'));
  closeSync(fd);
  const made = await par.createPar({
    binaries: [{ target: 'x86_64-linux', path: bin }],
    capid: 'wasmcloud:bench',
    vendor: 'bench',
    name: 'bench-gz',
    issuer: wascap.KeyPair.create('account'),
    subject: wascap.KeyPair.create('service'),
    destination: path.join(work, 'bench.par'),
    compress: true,
  });
  const layout = path.join(work, 'layout-gz');
  await oci.pushArtifact({ reference: `oci:${layout}:bench`, file: made.file, digestCache: false });
  const runs = { validated: [], remembered: [], skopeo: [] };
  for (let rep = 0; rep < REPS; rep++) {
    for (const kind of Object.keys(runs)) {
      const reg = await oci.startLocalRegistry();
      try {
        const env = { XDG_CACHE_HOME: mkdtempSync(path.join(work, 'xdg-')) };
        if (kind === 'remembered') await oci.rememberArtifact(made.file, { digest: made.fileDigest, size: made.fileSize, kind: 'provider' }, { env });
        runs[kind].push(
          kind === 'skopeo'
            ? measure('skopeo', ['copy', '-q', '--dest-tls-verify=false', `oci:${layout}:bench`, `docker://${reg.url}/bench/gz:1.0.0`])
            : measure('node', [path.join(__dirname, 'oci-push-run.js'), `${reg.url}/bench/gz:1.0.0`, made.file], env),
        );
      } finally {
        await reg.stop();
      }
    }
  }
  const t = (xs) => median(xs.map((x) => x.seconds));
  console.log(`\n.par.gz: ${(made.fileSize / (1 << 20)).toFixed(1)} MiB holding a ${mib} MiB binary, ${REPS} reps (median), fresh registry each`);
  console.log(`push, validated (inflate + hash):   ${t(runs.validated).toFixed(2)} s (${(t(runs.validated) / t(runs.skopeo)).toFixed(2)}x skopeo)`);
  console.log(`push after rememberArtifact:        ${t(runs.remembered).toFixed(2)} s (${(t(runs.remembered) / t(runs.skopeo)).toFixed(2)}x skopeo)`);
  console.log(`skopeo copy oci-layout -> registry: ${t(runs.skopeo).toFixed(2)} s`);
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
