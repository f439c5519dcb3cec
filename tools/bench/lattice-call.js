#!/usr/bin/env node
// Benchmark of the @nx-wasmcloud/host lattice on a private Debian nats-server (loopback):
//  1. Round trips/s of latticeCall (what `wash call` sends: a signed Invocation, checked by the
//     host, run in the actor, answered in an InvocationResponse) to a small echo actor, against the
//     floor: a bare NATS request/reply to a trivial responder echoing a payload of the same size
//     (the whole invocation envelope), on the same server. The caller is this process; the host and
//     the floor's responder share another (lattice-call-host.js), as `wash call` and `up` would.
//     Sequential (one in flight: latency, p50/p99) and with LATTICE_BENCH_CONCURRENCY in flight.
//     Goal: >= 0.7x.
//  2. Memory (RSS) of that host process running 100 more actors (LATTICE_BENCH_ACTORS).
// Run through tools/bench/lattice-call.sh, which builds the packages and snapshots them.
const { spawn } = require('node:child_process');
const { readFileSync, writeFileSync } = require('node:fs');
const { availableParallelism } = require('node:os');
const { join } = require('node:path');
const { builtPackages, ECHO_WAT, scratch } = require('./lib/host-bench');

const { host, wascap } = builtPackages('LATTICE_BENCH_LIB');
const { connect } = require('@nats-io/transport-node');

const CALLS = Number(process.env.LATTICE_BENCH_CALLS ?? 3000);
const CONCURRENCY = Number(process.env.LATTICE_BENCH_CONCURRENCY ?? 16);
const ACTORS = Number(process.env.LATTICE_BENCH_ACTORS ?? 100);
const PAYLOAD = Number(process.env.LATTICE_BENCH_PAYLOAD ?? 100);

const { work, wat2wasm } = scratch('lattice-bench-');

const ECHO = wat2wasm(ECHO_WAT);

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `calls` round trips of `once` with `inflight` at a time; returns rate and latency percentiles. */
async function measure(once, calls, inflight) {
  const lat = [];
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: inflight }, async () => {
      while (next < calls) {
        next++;
        const s = process.hrtime.bigint();
        await once();
        lat.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
    }),
  );
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  lat.sort((a, b) => a - b);
  return { rate: calls / secs, p50: percentile(lat, 50), p99: percentile(lat, 99) };
}

const fmt = (r) => `${r.rate.toFixed(0).padStart(6)} round trips/s   p50 ${r.p50.toFixed(3)} ms   p99 ${r.p99.toFixed(3)} ms`;
const mib = (n) => `${(n / 1048576).toFixed(1)} MiB`;

async function main() {
  const server = await host.startNatsServer();
  const cluster = wascap.KeyPair.create('cluster');
  let nc;
  let child;
  try {
    nc = await connect({ servers: server.url });
    const payload = new Uint8Array(PAYLOAD).map((_, i) => i % 251);
    writeFileSync(join(work, 'echo.wasm'), ECHO);
    child = spawn(
      process.execPath,
      [
        ...(process.env.LATTICE_BENCH_HOST_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.LATTICE_BENCH_HOST_PROF] : []),
        '--expose-gc',
        join(__dirname, 'lattice-call-host.js'),
        server.url,
        cluster.seed,
        join(work, 'echo.wasm'),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const ready = await new Promise((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d) => {
        buf += d;
        if (buf.includes('\n')) resolve(JSON.parse(buf.split('\n')[0]));
      });
      child.once('exit', (code) => reject(new Error(`the host process exited (${code})`)));
    });
    const publicKey = ready.actor;

    // A freshly signed Echo.Echo invocation of the echo actor, as `wash call` sends it.
    const invocation = () =>
      host.signInvocation({
        clusterKey: cluster,
        hostId: host.WASH_HOST_ID,
        origin: host.actorEntity(publicKey),
        target: host.actorEntity(publicKey),
        operation: 'Echo.Echo',
        msg: payload,
      });
    // The floor's payload is the size of what the lattice puts on the wire for the same call.
    const envelope = host.encodeInvocation(invocation());
    const floorPayload = new Uint8Array(envelope.length).fill(7);

    const call = () => host.latticeCall({ nats: nc, lattice: 'bench', clusterSeed: cluster.seed, actorKey: publicKey, operation: 'Echo.Echo', payload });
    const bare = () => nc.request('bench.floor', floorPayload, { timeout: 2000 });
    // The same request/reply carrying a freshly signed invocation that the responder checks.
    const signed = async () => {
      const r = host.decodeInvocationResponse((await nc.request('bench.floor.signed', host.encodeInvocation(invocation()), { timeout: 2000 })).data);
      if (r.error) throw new Error(r.error);
    };
    // Warm both paths (JIT, worker, connections).
    await measure(call, 300, 4);
    await measure(bare, 300, 4);
    await measure(signed, 300, 4);

    console.log(
      `load average: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} on ${availableParallelism()} cores; payload ${PAYLOAD} B (envelope ${envelope.length} B), ${CALLS} calls per run`,
    );
    for (const inflight of [1, CONCURRENCY]) {
      const b = await measure(bare, CALLS, inflight);
      const l = await measure(call, CALLS, inflight);
      const sg = await measure(signed, CALLS, inflight);
      const b2 = await measure(bare, CALLS, inflight);
      const floor = { rate: (b.rate + b2.rate) / 2, p50: (b.p50 + b2.p50) / 2, p99: (b.p99 + b2.p99) / 2 };
      console.log(`${inflight} in flight`);
      console.log(`  bare NATS request/reply      ${fmt(floor)}`);
      console.log(`  + sign/check the invocation  ${fmt(sg)}`);
      console.log(`  latticeCall echo actor       ${fmt(l)}`);
      console.log(`  ratio ${(l.rate / floor.rate).toFixed(2)}x the floor (goal >= 0.7x); ${(l.rate / sg.rate).toFixed(2)}x the signed floor`);
    }

    const ctl = JSON.parse(
      new TextDecoder().decode(
        (await nc.request('bench.ctl', new TextEncoder().encode(JSON.stringify({ cmd: 'actors', n: ACTORS })), { timeout: 600000 })).data,
      ),
    );
    // Every actor answers once over the lattice, so each is really serving.
    for (const k of ctl.keys) await host.latticeCall({ nats: nc, lattice: 'bench', clusterSeed: cluster.seed, actorKey: k, operation: 'Echo.Echo', payload });
    console.log(
      `memory: host process RSS ${mib(ctl.before)} with 1 actor, ${mib(ctl.after)} with ${ACTORS + 1} actors: ${mib((ctl.after - ctl.before) / ACTORS)} per actor`,
    );
    await nc.request('bench.ctl', new TextEncoder().encode(JSON.stringify({ cmd: 'stop' })), { timeout: 10000 }).catch(() => undefined);
  } finally {
    // Give the host process a moment to exit on its own (and write its profile, if asked).
    if (child && child.exitCode === null)
      await new Promise((r) => {
        child.once('exit', r);
        setTimeout(r, 5000).unref();
      });
    child?.kill('SIGKILL');
    await nc?.close();
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
