#!/usr/bin/env node
/*
 * Nx remote cache benchmark. A workspace of N actors and N/10 providers with
 * their build outputs in place (wat2wasm, cc), then for each remote cache:
 *   - cold: an empty remote and an empty local cache: every sign/par task runs and is PUT;
 *   - warm: a second, empty local cache (a fresh clone, a CI runner): every task is a remote hit.
 * Remote caches: `serveNxCache` (what `nx-wasmcloud cache serve` runs) over a real Distribution
 * registry on loopback, vs tools/remote-cache-server.js (files in a dir), both in this process, both
 * with a bearer token. Then the hit latency of one record through the server vs `skopeo copy` of
 * the same OCI artifact (manifest, config, layer) to a dir, each a process of its own (curl, skopeo):
 * median of 15 each, for the median-size record of the run and for a 16 MiB one.
 * NX_DAEMON=false, --exclude-task-dependencies (the builds are in place); medians of --runs cold
 * runs and of --warm warm runs per cold run.
 *
 *   node tools/bench/nx-cache-oci.js [--actors=50] [--runs=1] [--warm=5] [--keep]
 */
'use strict';
const { execFile, spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const {
  ROOT,
  arg,
  pad,
  median,
  write,
  installNodeModules,
  buildOutputs,
  writeActor,
  writeProvider,
  makeKeys,
  nxEnv,
  nxVersion,
} = require('./lib/nx-workspace');

const ACTORS = Number(arg('actors', '50'));
const RUNS = Number(arg('runs', '1'));
const WARM = Number(arg('warm', '5'));
const KEEP = process.argv.includes('--keep');
const TOKEN = randomBytes(16).toString('hex');
const log = (m) => process.stderr.write(`[nx-cache-oci] ${m}\n`);

function generate(ws, art) {
  const providers = Math.max(1, Math.round(ACTORS / 10));
  write(path.join(ws, 'package.json'), JSON.stringify({ name: 'cache-bench', private: true }));
  write(path.join(ws, 'nx.json'), JSON.stringify({ plugins: ['@nx-wasmcloud/plugin'], parallel: 3 }));
  const tree = { actors: [], providers: [] };
  for (let i = 0; i < ACTORS; i++) tree.actors.push(writeActor(ws, `actor-${pad(i, 3)}`, ['wasmcloud:httpserver'], art.wasm(i)));
  for (let i = 0; i < providers; i++) tree.providers.push(writeProvider(ws, `provider-${pad(i, 2)}`, `bench:cap-${i}`, art));
  return tree;
}

/**
 * One `nx run-many -t sign par` with its own local cache dir; the remote named by `url`. Spawned
 * asynchronously: the cache servers run in this process and must keep answering meanwhile.
 */
async function runMany(ws, keys, cacheDir, url) {
  const env = nxEnv(ws, keys, {
    NX_CACHE_DIRECTORY: cacheDir,
    NX_SELF_HOSTED_REMOTE_CACHE_SERVER: url,
    NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: TOKEN,
  });
  const outFile = `${cacheDir}.log`;
  const fd = fs.openSync(outFile, 'w');
  const t0 = process.hrtime.bigint();
  const child = spawn(
    process.execPath,
    [path.join(ws, 'node_modules/nx/dist/bin/nx.js'), 'run-many', '-t', 'sign', 'par', '--exclude-task-dependencies', '--outputStyle=static'],
    { cwd: ws, env, stdio: ['ignore', fd, fd] },
  );
  const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c)));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  fs.closeSync(fd);
  const out = fs.readFileSync(outFile, 'utf8');
  if (code !== 0) throw new Error(`nx run-many failed (${outFile}):\n${out.split('\n').slice(-30).join('\n')}`);
  return { ms, remoteHits: (out.match(/\[remote cache\]/g) ?? []).length, out };
}

/** Wall ms of `fn`, median of `n` (one warm-up). */
async function latency(n, fn) {
  await fn();
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-cache-oci-bench-'));
  const stops = [];
  try {
    const lib = installNodeModules(path.join(tmp, 'ws'));
    const oci = require(path.join(lib, '@nx-wasmcloud/oci/dist/index.js'));
    const fileServer = require(path.join(ROOT, 'tools/remote-cache-server.js'));
    const outputs = buildOutputs(tmp);
    // Each actor's module differs (a custom section naming it), so records are not all alike.
    const art = { ...outputs, wasm: (i) => Buffer.concat([outputs.wasm, Buffer.from([0, 5, 4]), Buffer.from(`a${pad(i, 3)}`)]) };
    const ws = path.join(tmp, 'ws');
    const tree = generate(ws, art);
    const keys = path.join(tmp, 'keys');
    await makeKeys(keys, tree);
    const tasks = tree.actors.length + tree.providers.length;
    log(`${tree.actors.length} actors + ${tree.providers.length} providers = ${tasks} sign/par tasks`);

    const registry = await oci.startLocalRegistry();
    stops.push(() => registry.stop());
    const results = { oci: { cold: [], warm: [] }, file: { cold: [], warm: [] } };
    let lastRepo;
    let lastServer;
    for (let run = 0; run < RUNS; run++) {
      // A fresh, empty remote per run: a new repository, or a new dir. Cold runs fill them; the
      // warm runs then alternate between the two, so a load spike on this shared machine hits both.
      const repo = `${registry.url}/nx-cache-${run}`;
      const servers = {
        oci: await oci.serveNxCache({ repository: repo, insecure: true, tokens: { readWrite: TOKEN }, env: { HOME: tmp, PATH: process.env.PATH } }),
        file: await fileServer.start({ dir: path.join(tmp, `files-${run}`), token: TOKEN }),
      };
      try {
        for (const kind of ['oci', 'file']) {
          log(`run ${run + 1}/${RUNS}, ${kind}: cold`);
          const cold = await runMany(ws, keys, path.join(tmp, `cache-${kind}-${run}-cold`), servers[kind].url);
          if (cold.remoteHits !== 0) throw new Error(`cold ${kind} run had ${cold.remoteHits} remote hits`);
          results[kind].cold.push(cold.ms);
        }
        for (let w = 0; w < WARM; w++) {
          for (const kind of ['oci', 'file']) {
            log(`run ${run + 1}/${RUNS}, ${kind}: warm ${w + 1}/${WARM} (a fresh local cache)`);
            const warm = await runMany(ws, keys, path.join(tmp, `cache-${kind}-${run}-warm-${w}`), servers[kind].url);
            if (warm.remoteHits !== tasks) throw new Error(`warm ${kind} run: ${warm.remoteHits} remote hits of ${tasks} tasks`);
            results[kind].warm.push(warm.ms);
          }
        }
      } finally {
        await servers.file.stop();
        if (run === RUNS - 1) {
          lastServer = servers.oci;
          lastRepo = repo;
        } else await servers.oci.stop();
      }
    }
    stops.push(() => lastServer.stop());

    // Hit latency: one record through the server vs skopeo copying the same artifact.
    const tagsRes = await fetch(`http://${registry.url}/v2/${lastRepo.slice(registry.url.length + 1)}/tags/list`);
    const hashes = (await tagsRes.json()).tags;
    const sizes = [];
    for (const h of hashes) {
      const m = await (
        await fetch(`http://${registry.url}/v2/${lastRepo.slice(registry.url.length + 1)}/manifests/${h}`, {
          headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
        })
      ).json();
      sizes.push({ h, size: m.layers[0].size });
    }
    sizes.sort((a, b) => a.size - b.size);
    const typical = sizes[sizes.length >> 1];
    const big = randomBytes(16 << 20);
    const put = await fetch(`${lastServer.url}/v1/cache/9999999999`, { method: 'PUT', body: big, headers: { authorization: `Bearer ${TOKEN}` } });
    if (put.status !== 200) throw new Error(`PUT of the 16 MiB record: ${put.status}`);
    const lat = [];
    for (const rec of [typical, { h: '9999999999', size: big.length }]) {
      // Both clients are processes of their own writing a file, as Nx's would; the token goes in a
      // header file, not argv.
      const headerFile = path.join(tmp, 'auth-header');
      fs.writeFileSync(headerFile, `Authorization: Bearer ${TOKEN}\n`, { mode: 0o600 });
      const got = path.join(tmp, 'got.tar');
      const viaServer = await latency(15, async () => {
        await new Promise((resolve, reject) =>
          execFile('curl', ['-sf', '-H', `@${headerFile}`, '-o', got, `${lastServer.url}/v1/cache/${rec.h}`], (err) => (err ? reject(err) : resolve())),
        );
        if (fs.statSync(got).size !== rec.size) throw new Error(`GET ${rec.h}: ${fs.statSync(got).size} bytes, expected ${rec.size}`);
      });
      const out = path.join(tmp, 'skopeo-out');
      const viaSkopeo = await latency(15, async () => {
        fs.rmSync(out, { recursive: true, force: true });
        await new Promise((resolve, reject) =>
          execFile('skopeo', ['copy', '--quiet', '--src-tls-verify=false', `docker://${lastRepo}:${rec.h}`, `dir:${out}`], (err) =>
            err ? reject(err) : resolve(),
          ),
        );
      });
      lat.push({ size: rec.size, viaServer, viaSkopeo });
    }

    const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
    const r = (a, b) => `${(a / b).toFixed(2)}x`;
    console.log(
      `\nNx remote cache: nx ${nxVersion()}, node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}, ${tasks} sign/par tasks, median of ${RUNS} cold and ${RUNS * WARM} warm runs`,
    );
    console.log('run-many -t sign par | nx-wasmcloud cache serve (OCI registry) | file-backed test server | ratio');
    for (const k of ['cold', 'warm'])
      console.log(`${k} | ${s(median(results.oci[k]))} | ${s(median(results.file[k]))} | ${r(median(results.oci[k]), median(results.file[k]))}`);
    console.log('cache hit of one record | curl GET through the server | skopeo copy of the same artifact | ratio');
    for (const l of lat) console.log(`${l.size} bytes | ${l.viaServer.toFixed(1)} ms | ${l.viaSkopeo.toFixed(1)} ms | ${r(l.viaServer, l.viaSkopeo)}`);
    console.log(`raw: ${JSON.stringify(results)}`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    if (KEEP) log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`nx-cache-oci: ${e.message}\n`);
  process.exitCode = 1;
});
