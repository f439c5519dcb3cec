#!/usr/bin/env node
// Memory of a lattice host running many actors: this process is the host (LatticeHost on a private
// Debian nats-server, loopback); it starts LATTICE_MEMORY_ACTORS (100) small echo actors, calls each
// once over the lattice, and prints the process's RSS and V8 heap before and after, per actor.
// LATTICE_MEMORY_PATH=worker links every actor to a provider on the lattice first, which puts
// them on the worker-thread path (README "How actors run"); the default is the calling-thread path
// an unlinked actor takes. LATTICE_MEMORY_IDLE_MS=<ms> sets the host's idleWorkerMs and adds two
// phases: after that long idle (plus 2 s for the threads to exit), and each actor called once more
// (a fresh instance). Unset: the host's default (30 s), which the first phases stay well under. Run through tools/bench/lattice-memory.sh (builds and snapshots the packages).
const { builtPackages, ECHO_WAT, scratch } = require('./lib/host-bench');

const { host, wascap } = builtPackages('LATTICE_BENCH_LIB');
const { connect } = require('@nats-io/transport-node');
const fs = require('node:fs');

const ACTORS = Number(process.env.LATTICE_MEMORY_ACTORS ?? 100);
const PATH = process.env.LATTICE_MEMORY_PATH ?? 'calling-thread';
if (!['calling-thread', 'worker'].includes(PATH)) {
  console.error(`LATTICE_MEMORY_PATH: expected calling-thread or worker, got ${PATH}`);
  process.exit(2);
}
const IDLE_MS = process.env.LATTICE_MEMORY_IDLE_MS === undefined ? undefined : Number(process.env.LATTICE_MEMORY_IDLE_MS);
if (IDLE_MS !== undefined && !(Number.isFinite(IDLE_MS) && IDLE_MS > 0)) {
  console.error(`LATTICE_MEMORY_IDLE_MS: expected a positive number of milliseconds, got ${process.env.LATTICE_MEMORY_IDLE_MS}`);
  process.exit(2);
}

// The same echo actor as lattice-call.js: any operation answers its payload.
const ECHO = scratch('lattice-memory-').wat2wasm(ECHO_WAT);

const mib = (n) => `${(n / 1048576).toFixed(1)} MiB`;
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
function sample() {
  global.gc();
  global.gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, external: m.external, threads: threadCount() };
}
// The process's OS threads: each live worker is one (Linux; '-' elsewhere).
function threadCount() {
  try {
    return fs.readdirSync('/proc/self/task').length;
  } catch {
    return '-';
  }
}
const line = (label, s) =>
  console.log(
    `  ${label.padEnd(34)} RSS ${mib(s.rss).padStart(10)}   JS heap ${mib(s.heap).padStart(9)}   external ${mib(s.external).padStart(9)}   threads ${String(s.threads).padStart(4)}`,
  );
const per = (a, b) => `RSS ${kib((b.rss - a.rss) / ACTORS)}, JS heap ${kib((b.heap - a.heap) / ACTORS)} per actor`;

async function main() {
  const server = await host.startNatsServer();
  const cluster = wascap.KeyPair.create('cluster');
  const issuer = wascap.KeyPair.create('account');
  const provider = wascap.KeyPair.create('service').publicKey;
  let lattice;
  let nc;
  try {
    lattice = await host.LatticeHost.start({
      natsUrl: server.url,
      lattice: 'memory',
      clusterSeed: cluster.seed,
      log: () => undefined,
      ...(IDLE_MS === undefined ? {} : { idleWorkerMs: IDLE_MS }),
    });
    nc = await connect({ servers: server.url });
    const sign = (name) => wascap.signActor(ECHO, { issuer, subject: wascap.KeyPair.create('module'), name });
    const payload = new Uint8Array(100).fill(7);
    const call = (actorKey) => host.latticeCall({ nats: nc, lattice: 'memory', clusterSeed: cluster.seed, actorKey, operation: 'Echo.Echo', payload });
    const start = async (name) => {
      const bytes = await sign(name);
      const { publicKey } = await lattice.startActor(bytes);
      if (PATH === 'worker')
        await lattice.putLink({ actor_id: publicKey, provider_id: provider, contract_id: 'wasmcloud:keyvalue', link_name: 'default', values: {} });
      return publicKey;
    };

    const first = await start('echo');
    await call(first);
    const base = sample();
    const keys = [];
    for (let i = 0; i < ACTORS; i++) keys.push(await start(`echo-${i}`));
    const started = sample();
    for (const k of keys) await call(k);
    const called = sample();
    for (const k of keys) await call(k);
    const again = sample();
    let idle;
    let after;
    if (IDLE_MS !== undefined) {
      await new Promise((r) => setTimeout(r, IDLE_MS + 2000));
      idle = sample();
      for (const k of keys) await call(k);
      after = sample();
    }

    console.log(`node ${process.version}; ${ACTORS} echo actors (${ECHO.length} B, 2 pages of memory) on the ${PATH} path; after gc:`);
    line('host + 1 actor, called once', base);
    line(`+ ${ACTORS} actors started`, started);
    line(`+ each called once`, called);
    line(`+ each called again`, again);
    if (idle) {
      line(`+ idle ${IDLE_MS} ms (workers retired)`, idle);
      line(`+ each called after idle`, after);
    }
    console.log(`started: ${per(base, started)}; after a call each: ${per(base, called)}`);
    if (idle) console.log(`after idle: ${per(base, idle)}; called again after idle: ${per(base, after)}`);
  } finally {
    await nc?.close();
    await lattice?.close();
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
