#!/usr/bin/env node
// The host side of tools/bench/lattice-call.js, in its own process as a host would be (`up`): a
// lattice host with the echo actor, and the floor's responders on the same NATS server.
// Control over NATS (bench.ctl): {cmd: 'actors', n} starts n more echo actors and answers
// {before, after, keys} (RSS of this process, worker threads included); {cmd: 'stop'} exits.
const { readFileSync } = require('node:fs');
const { builtPackages } = require('./lib/host-bench');

const { host, wascap } = builtPackages('LATTICE_BENCH_LIB');
const { connect } = require('@nats-io/transport-node');

async function main() {
  const [natsUrl, clusterSeed, wasmFile] = process.argv.slice(2);
  const echo = new Uint8Array(readFileSync(wasmFile));
  const issuer = wascap.KeyPair.create('account');
  const lattice = await host.LatticeHost.start({
    natsUrl,
    lattice: 'bench',
    clusterSeed,
    log: () => undefined,
    instances: Number(process.env.LATTICE_BENCH_INSTANCES ?? 1),
  });
  const sign = (name) => wascap.signActor(echo, { issuer, subject: wascap.KeyPair.create('module'), name });
  const { publicKey } = await lattice.startActor(await sign('echo'));
  const nc = await connect({ servers: natsUrl });
  nc.subscribe('bench.floor', { queue: 'bench.floor', callback: (_e, m) => m.respond(m.data) });
  // The floor plus the protocol's mandatory work: decode the envelope, check its signed claims,
  // answer an InvocationResponse; no actor.
  const issuers = [wascap.KeyPair.fromSeed(clusterSeed).publicKey];
  nc.subscribe('bench.floor.signed', {
    queue: 'bench.floor.signed',
    callback: (_e, m) => {
      const inv = host.decodeInvocation(m.data);
      const error = host.validateInvocation(inv, issuers);
      m.respond(host.encodeInvocationResponse({ msg: inv.msg, invocation_id: inv.id, error, content_length: inv.msg.length }));
    },
  });
  nc.subscribe('bench.ctl', {
    callback: async (_e, m) => {
      const req = JSON.parse(new TextDecoder().decode(m.data));
      if (req.cmd === 'stop') {
        m.respond(new Uint8Array(0));
        await lattice.close();
        await nc.drain();
        process.exit(0);
      }
      global.gc?.();
      const before = process.memoryUsage().rss;
      const keys = [];
      for (let i = 0; i < req.n; i++) keys.push((await lattice.startActor(await sign(`echo-${i}`))).publicKey);
      global.gc?.();
      m.respond(new TextEncoder().encode(JSON.stringify({ before, after: process.memoryUsage().rss, keys })));
    },
  });
  await nc.flush();
  process.stdout.write(`${JSON.stringify({ actor: publicKey, hostId: lattice.hostId })}\n`);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
