#!/usr/bin/env node
// Benchmark of @nx-wasmcloud/host (build it and wascap first: tools/bench/host-invoke.sh does).
//  1. Invocations/s of a small echo actor through Host.call (msgpack payload in, reply decoded)
//     against the floor: the same module driven by a bare loop of __guest_call in this thread,
//     with the same copies and codecs and no host. Goal: >= 0.5x the floor.
//  2. The same with one in-process provider host call per invocation, synchronous and
//     asynchronous (a Promise): the floor is the bare echo loop plus the provider call itself.
//     The echo and the synchronous provider run in the calling thread (deadline checks compiled
//     in); the asynchronous provider moves the actor to a worker thread.
//  3. Actor cold start (claims checked, compiled, instantiated, start functions run) against
//     WebAssembly.compile + sha256 of the same module, which of the two goes first alternating
//     by round. Goal: <= 2x.
// Prints medians of several rounds and the ratios.
const { execFileSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { builtPackages, scratch } = require('./lib/host-bench');

// host-invoke.sh points HOST_BENCH_LIB at a snapshot of the built packages.
const { host, wascap } = builtPackages('HOST_BENCH_LIB');

const ROUNDS = Number(process.env.HOST_BENCH_ROUNDS ?? 5);
const CALLS = Number(process.env.HOST_BENCH_CALLS ?? 20000);
const STARTS = Number(process.env.HOST_BENCH_STARTS ?? 30);

const { work, wat2wasm } = scratch('host-bench-');

// Echo.Echo answers the payload; any other operation makes one host call to wasmcloud:example
// (binding "default", operation "Ex.Do", the payload) and answers the host's response.
const ECHO = wat2wasm(`(module
  (import "wasmbus" "__guest_request" (func $req (param i32 i32)))
  (import "wasmbus" "__guest_response" (func $resp (param i32 i32)))
  (import "wasmbus" "__host_call" (func $call (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasmbus" "__host_response_len" (func $hlen (result i32)))
  (import "wasmbus" "__host_response" (func $hresp (param i32)))
  (memory (export "memory") 2)
  (data (i32.const 0) "defaultwasmcloud:exampleEx.Do")
  (func (export "__wasmbus_rpc_version") (result i32) (i32.const 1))
  (func (export "__guest_call") (param $ol i32) (param $pl i32) (result i32)
    (local $p i32) (local $n i32)
    (local.set $p (i32.add (i32.const 1024) (local.get $ol)))
    (call $req (i32.const 1024) (local.get $p))
    (if (i32.eq (local.get $ol) (i32.const 9)) (then
      (call $resp (local.get $p) (local.get $pl)) (return (i32.const 1))))
    (drop (call $call (i32.const 0) (i32.const 7) (i32.const 7) (i32.const 17) (i32.const 24) (i32.const 5) (local.get $p) (local.get $pl)))
    (local.set $n (call $hlen))
    (call $hresp (i32.const 32768))
    (call $resp (i32.const 32768) (local.get $n))
    (i32.const 1)))`);
function rustActor() {
  const out = join(work, 'rust.wasm');
  try {
    execFileSync(
      '/usr/bin/rustc',
      [
        '--target',
        'wasm32-unknown-unknown',
        '--crate-type',
        'cdylib',
        '-O',
        '-C',
        'strip=debuginfo',
        '--edition',
        '2021',
        '-o',
        out,
        join(__dirname, '../../packages/host/src/test-support/rust-actor.rs'),
      ],
      { stdio: 'pipe' },
    );
    return new Uint8Array(readFileSync(out));
  } catch {
    console.error('host-invoke: /usr/bin/rustc (wasm32) not available; cold start measured with the small echo module');
    return undefined;
  }
}

const VALUE = { id: 42, name: 'bench', tags: ['a', 'b'], body: new TextEncoder().encode('hello world') };

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The floor: the module in this thread, a bare loop, the same copies and codecs as the host. */
function floorLoop(provider) {
  let memory;
  let op;
  let payload;
  let reply;
  let hostReply;
  const dec = new TextDecoder();
  const imports = {
    wasmbus: {
      __guest_request(opPtr, ptr) {
        const m = new Uint8Array(memory.buffer);
        m.set(payload, ptr);
        m.set(op, opPtr);
      },
      __guest_response(ptr, len) {
        reply = new Uint8Array(memory.buffer).slice(ptr, ptr + len);
      },
      __host_call(bd, bdl, ns, nsl, o, ol, p, pl) {
        const m = new Uint8Array(memory.buffer);
        dec.decode(m.subarray(bd, bd + bdl));
        dec.decode(m.subarray(ns, ns + nsl));
        const operation = dec.decode(m.subarray(o, o + ol));
        hostReply = provider(operation, m.slice(p, p + pl));
        return 1;
      },
      __host_response_len: () => hostReply.length,
      __host_response(ptr) {
        new Uint8Array(memory.buffer).set(hostReply, ptr);
      },
    },
  };
  const instance = new WebAssembly.Instance(new WebAssembly.Module(ECHO), imports);
  memory = instance.exports.memory;
  const guestCall = instance.exports.__guest_call;
  const enc = new TextEncoder();
  return (operation) => {
    op = enc.encode(operation);
    payload = host.encodeMsgpack(VALUE);
    if (guestCall(op.length, payload.length) !== 1) throw new Error('floor call failed');
    return host.decodePayload(reply);
  };
}

async function time(fn, n) {
  const t = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

/**
 * Host and floor in alternating chunks of CHUNK calls, so both see the same machine load (on a
 * shared 2-core machine the load changes within seconds); returns [host/s, floor/s].
 */
async function pair(hostFn, floorFn) {
  const CHUNK = 500;
  let tHost = 0;
  let tFloor = 0;
  for (let done = 0; done < CALLS; done += CHUNK) {
    tFloor += await time(floorFn, CHUNK);
    tHost += await time(hostFn, CHUNK);
  }
  return [CALLS / tHost, CALLS / tFloor];
}

async function main() {
  const issuer = wascap.KeyPair.create('account');
  const sign = (subject = wascap.KeyPair.create('module')) => wascap.signActor(ECHO, { issuer, subject, name: 'echo', caps: ['wasmcloud:example'] });
  const h = new host.Host();
  const info = await h.startActor(await sign());
  // Flagged synchronous: the actor stays in the calling thread (the fast path).
  const syncProvider = Object.assign((operation, payload) => payload, { synchronous: true });
  const asyncProvider = async (operation, payload) => payload;
  const rows = { echo: [], sync: [], async: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const floorEcho = floorLoop(syncProvider);
    const floorHost = floorLoop(syncProvider);
    const viaHost = async (op) => host.decodePayload(await h.call(info.publicKey, op, host.encodeMsgpack(VALUE)));
    h.unlink(info.publicKey, 'wasmcloud:example'); // no link: the fast path again
    rows.echo.push(
      await pair(
        () => viaHost('Echo.Echo'),
        () => floorEcho('Echo.Echo'),
      ),
    );
    h.link(info.publicKey, 'wasmcloud:example', syncProvider);
    rows.sync.push(
      await pair(
        () => viaHost('Call.Provider'),
        () => floorHost('Call.Provider'),
      ),
    );
    // Unflagged: the actor moves to a worker thread (a guest's synchronous host call waits there).
    h.link(info.publicKey, 'wasmcloud:example', asyncProvider);
    // The async floor: the bare loop plus awaiting the provider's promise once per call.
    rows.async.push(
      await pair(
        () => viaHost('Call.Provider'),
        async () => {
          await asyncProvider('Ex.Do', VALUE.body);
          return floorHost('Call.Provider');
        },
      ),
    );
  }
  const show = (label, pairs) => {
    const hostRate = median(pairs.map((p) => p[0]));
    const floorRate = median(pairs.map((p) => p[1]));
    const ratios = pairs.map((p) => p[0] / p[1]);
    const range = `${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)}`;
    console.log(
      `${label.padEnd(40)} host ${Math.round(hostRate).toString().padStart(7)}/s  floor ${Math.round(floorRate).toString().padStart(7)}/s  ratio ${median(ratios).toFixed(2)}x (rounds ${range})`,
    );
  };
  console.log(`host-invoke: ${CALLS} calls x ${ROUNDS} rounds (medians)`);
  show('echo, no host call (goal >= 0.5x)', rows.echo);
  show('echo + 1 synchronous provider call', rows.sync);
  show('echo + 1 asynchronous provider call', rows.async);

  // Cold start of a real actor (the host tests' Rust actor, built here with rustc; the echo
  // module without rustc), signed with fresh subject keys so no compile cache applies.
  const actor = rustActor() ?? ECHO;
  const modules = [];
  for (let i = 0; i < STARTS * 2; i++) modules.push(await wascap.signActor(actor, { issuer, subject: wascap.KeyPair.create('module'), name: 'cold' }));
  const hostTimes = [];
  const floorTimes = [];
  const startHost = async (wasm) => {
    const t = process.hrtime.bigint();
    const a = await h.startActor(wasm);
    hostTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
    await h.stopActor(a.publicKey);
  };
  const startFloor = async (wasm) => {
    const t = process.hrtime.bigint();
    await WebAssembly.compile(wasm);
    createHash('sha256').update(wasm).digest('hex');
    floorTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
  };
  for (let i = 0; i < STARTS; i++) {
    // Whichever goes first after the pause runs on colder caches (the floor took 1.72-2.16 ms
    // first vs 1.12-1.50 ms second): host first on even rounds, floor first on odd ones.
    if (i % 2 === 0) {
      await startHost(modules[2 * i]);
      await startFloor(modules[2 * i + 1]);
    } else {
      await startFloor(modules[2 * i + 1]);
      await startHost(modules[2 * i]);
    }
    await new Promise((r) => setTimeout(r, 200)); // let the machine settle between starts
  }
  const hs = median(hostTimes);
  const fs = median(floorTimes);
  console.log(
    `${'cold start (goal <= 2x)'.padEnd(44)} host ${hs.toFixed(3)} ms  floor ${fs.toFixed(3)} ms  ratio ${(hs / fs).toFixed(2)}x  (module ${actor.length} B)`,
  );
  // The medians by position, to see what is left of the order bias.
  const at = (xs, first) => median(xs.filter((_, i) => i % 2 === (first ? 0 : 1))).toFixed(3);
  console.log(
    `${'  by order'.padEnd(44)} host first: host ${at(hostTimes, true)} ms floor ${at(floorTimes, true)} ms;  floor first: host ${at(hostTimes, false)} ms floor ${at(floorTimes, false)} ms`,
  );
  await h.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
