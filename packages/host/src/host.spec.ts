import { decode } from '@msgpack/msgpack';
import { CallTimeoutError, GuestError, HostUserError, RPC_TIMEOUT_ERROR } from './errors';
import { Host } from './host';
import { bytes, FAMILIES_SIGNED, text } from './test-support/host-fixtures';
import { hostCallPayload, rustActorModule, sign, watActorModule } from './test-support/fixtures';
import { FAMILIES } from './test-support/wat-actor';
import { LogEntry } from './types';

describe('Host: the four ABI families', () => {
  let host: Host;
  const logs: LogEntry[] = [];
  beforeAll(() => {
    host = new Host({ log: (e) => logs.push(e) });
  });
  afterAll(() => host.close());

  it.each(Object.keys(FAMILIES) as Array<keyof typeof FAMILIES>)('%s: starts, echoes, reports its family and API version', async (family) => {
    const signed = await FAMILIES_SIGNED(family);
    const info = await host.startActor(signed.bytes);
    expect(info.abi).toBe(family);
    expect(info.apiVersion).toBe(family === 'wasmbus-0.7' ? 1 : 0);
    expect(info.publicKey).toBe(signed.publicKey);
    const reply = await host.call(info.publicKey, 'Echo.Echo', bytes(`hello ${family}`));
    expect(text(reply)).toBe(`hello ${family}`);
    // Operation names reach the guest verbatim: its own "no handler" text comes back.
    await expect(host.call(info.publicKey, 'HttpServer.HandleRequest')).rejects.toThrow(
      new GuestError('No handler registered for function HttpServer.HandleRequest'),
    );
    await host.stopActor(info.publicKey);
  });

  it('calls start, wapc_init and _start once each, in that order, whatever the export order', async () => {
    const signed = await FAMILIES_SIGNED('wasmbus-0.7');
    const info = await host.startActor(signed.bytes);
    expect(text(await host.call(info.publicKey, 'Init.Order'))).toBe('sw_');
    expect(text(await host.call(info.publicKey, 'Init.Order'))).toBe('sw_');
    await host.stopActor(info.publicKey);
  });
});

describe('Host: one invocation', () => {
  let host: Host;
  let key: string;
  const logs: LogEntry[] = [];
  beforeAll(async () => {
    host = new Host({ log: (e) => logs.push(e) });
    key = (await host.startActor((await FAMILIES_SIGNED('wasmbus-0.7')).bytes)).publicKey;
  });
  afterAll(() => host.close());

  it('rc 1 without __guest_response is an empty reply', async () => {
    expect((await host.call(key, 'Empty.Empty')).length).toBe(0);
  });
  it('rc 0: the guest error text verbatim (UTF-8 lengths)', async () => {
    await expect(host.call(key, 'Fail.Fail')).rejects.toThrow(new GuestError('échec: boom ✗'));
  });
  it('any other rc is an error', async () => {
    await expect(host.call(key, 'Rc.Two')).rejects.toThrow(/__guest_call returned 2/);
  });
  it('a trap fails that call, and the next call gets a fresh instance', async () => {
    expect(Array.from(await host.call(key, 'Count.Next'))).toEqual([1]);
    expect(Array.from(await host.call(key, 'Count.Next'))).toEqual([2]);
    await expect(host.call(key, 'Trap.Trap')).rejects.toThrow(/Trap\.Trap trapped \(RuntimeError: unreachable\)/);
    // The counter lived in the discarded instance.
    expect(Array.from(await host.call(key, 'Count.Next'))).toEqual([1]);
    expect(text(await host.call(key, 'Echo.Echo', bytes('fine')))).toBe('fine');
  });
  it('calls to one instance are serialized', async () => {
    await host.call(key, 'Trap.Trap').catch(() => undefined);
    const replies = await Promise.all(Array.from({ length: 6 }, () => host.call(key, 'Count.Next')));
    expect(replies.map((r) => r[0]).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('__console_log is a log line attributed to the actor', async () => {
    logs.length = 0;
    await host.call(key, 'Log.Log', bytes('héllo log'));
    expect(logs).toEqual([{ actor: 'wat-wasmbus-0.7', level: 'info', text: 'héllo log' }]);
  });
  it('payloads over the limit are refused before the actor sees them; a raised limit lets them through', async () => {
    const big = new Uint8Array(1024 * 1024 + 1);
    await expect(host.call(key, 'Echo.Echo', big)).rejects.toThrow(HostUserError);
    await expect(host.call(key, 'Echo.Echo', big)).rejects.toThrow(/exceeds the host's limit of 1048576 bytes \(raise maxPayloadBytes\)/);
    const roomy = new Host({ maxPayloadBytes: 2 * 1024 * 1024 });
    try {
      const k = (await roomy.startActor((await FAMILIES_SIGNED('wasmbus-0.7')).bytes)).publicKey;
      big.fill(7);
      const reply = await roomy.call(k, 'Echo.Echo', big);
      expect(reply.length).toBe(big.length);
      expect(reply.every((b) => b === 7)).toBe(true);
    } finally {
      await roomy.close();
    }
  });
  it('an unknown actor is a one-line HostUserError', async () => {
    await expect(host.call('nope', 'Echo.Echo')).rejects.toThrow(
      new HostUserError("no actor 'nope' is running in this host (give its public key, name or call alias)"),
    );
  });
  it('the actor is found by name too', async () => {
    expect(text(await host.call('wat-wasmbus-0.7', 'Echo.Echo', bytes('by name')))).toBe('by name');
  });
});

describe('Host: N instances', () => {
  it('runs calls side by side, one instance state each', async () => {
    const host = new Host({ instances: 2 });
    try {
      const k = (await host.startActor((await FAMILIES_SIGNED('wasmbus-0.7')).bytes)).publicKey;
      expect(host.actors()[0].instances).toBe(2);
      // Two slow calls at once: each instance takes one; both time out at about the same time.
      const t0 = Date.now();
      const results = await Promise.allSettled([
        host.call(k, 'Loop.Forever', undefined, { timeoutMs: 400 }),
        host.call(k, 'Loop.Forever', undefined, { timeoutMs: 400 }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      expect(Date.now() - t0).toBeLessThan(1500);
      expect(text(await host.call(k, 'Echo.Echo', bytes('after')))).toBe('after');
    } finally {
      await host.close();
    }
  });
});

describe('Host: limits', () => {
  it('the timeout ends an endless loop, and the next call works', async () => {
    const host = new Host({ timeoutMs: 300 });
    try {
      const k = (await host.startActor((await FAMILIES_SIGNED('wascc')).bytes)).publicKey;
      const err = await host.call(k, 'Loop.Forever').catch((e) => e);
      expect(err).toBeInstanceOf(CallTimeoutError);
      expect(err.message).toBe(`${RPC_TIMEOUT_ERROR}: wat-wascc did not answer Loop.Forever within 300 ms; the instance was discarded`);
      expect(text(await host.call(k, 'Echo.Echo', bytes('alive')))).toBe('alive');
    } finally {
      await host.close();
    }
  });
  it('unbounded allocation hits the memory cap: that call traps, the host and the actor survive (WAT and Rust)', async () => {
    const host = new Host({ memoryLimitBytes: 16 * 1024 * 1024 });
    try {
      const wat = (await host.startActor((await FAMILIES_SIGNED('wasmbus-0.3')).bytes)).publicKey;
      await expect(host.call(wat, 'Alloc.Forever')).rejects.toThrow(/trapped \(RuntimeError: unreachable\)/);
      expect(text(await host.call(wat, 'Echo.Echo', bytes('ok')))).toBe('ok');
      const rust = (await host.startActor((await sign(rustActorModule(), { name: 'rust' })).bytes)).publicKey;
      await expect(host.call(rust, 'Alloc.Forever')).rejects.toThrow(/Alloc\.Forever trapped/);
      expect(text(await host.call(rust, 'Echo.Echo', bytes('ok')))).toBe('ok');
      expect(process.memoryUsage().rss).toBeLessThan(2 * 1024 * 1024 * 1024);
    } finally {
      await host.close();
    }
  });
});

describe('Host: a Rust actor (rustc, wasm32-unknown-unknown, no crates)', () => {
  let host: Host;
  let key: string;
  beforeAll(async () => {
    host = new Host();
    key = (await host.startActor((await sign(rustActorModule(), { name: 'rust', caps: ['wasmcloud:builtin:numbergen'] })).bytes)).publicKey;
  });
  afterAll(() => host.close());

  it('echoes; reports wasmbus-0.7 and API version 1', async () => {
    expect(host.actors()[0]).toMatchObject({ abi: 'wasmbus-0.7', apiVersion: 1, name: 'rust' });
    expect(text(await host.call(key, 'Echo.Echo', bytes('from rust')))).toBe('from rust');
  });
  it('a panic is a trap; the next call works', async () => {
    await expect(host.call(key, 'Panic.Panic')).rejects.toThrow(/Panic\.Panic trapped \(RuntimeError: unreachable\)/);
    expect(text(await host.call(key, 'Echo.Echo', bytes('again')))).toBe('again');
  });
  it('an unknown method: the guest error verbatim', async () => {
    await expect(host.call(key, 'Nope.Nope')).rejects.toThrow(new GuestError('Guest call failed for method Nope.Nope: method not handled'));
  });
  it('host call to the numbergen builtin', async () => {
    const guid = decode(await host.call(key, 'Host.Call', hostCallPayload('default', 'wasmcloud:builtin:numbergen', 'NumberGen.GenerateGuid'))) as string;
    expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('Host: wasmcloud:testing', () => {
  const ascii = (s: string) => Array.from(Buffer.from(s));
  const SNAP = '{"error":"expected 2"}';
  const expected = [
    { name: 'adds', passed: true },
    { name: 'fails', passed: false, snapData: { error: 'expected 2' }, error: 'expected 2' },
  ];
  it('Testing.Start answered in CBOR (Rust actor) and in msgpack (WAT actor, interface <= 0.4); both decode', async () => {
    const { decodeTestResults, encodeTestOptions } = await import('./test-results');
    const host = new Host();
    try {
      const rust = (await host.startActor((await sign(rustActorModule(), { name: 'rust-tests' })).bytes)).publicKey;
      expect(decodeTestResults(await host.call(rust, 'Testing.Start', encodeTestOptions()))).toEqual(expected);
      // msgpack [{name, passed}, {name, passed, snapData: bin}], hand-encoded per the msgpack spec.
      const msgpackReply = new Uint8Array([
        0x92,
        0x82,
        0xa4,
        ...ascii('name'),
        0xa4,
        ...ascii('adds'),
        0xa6,
        ...ascii('passed'),
        0xc3,
        0x83,
        0xa4,
        ...ascii('name'),
        0xa5,
        ...ascii('fails'),
        0xa6,
        ...ascii('passed'),
        0xc2,
        0xa8,
        ...ascii('snapData'),
        0xc4,
        SNAP.length,
        ...ascii(SNAP),
      ]);
      const wat = await sign(watActorModule({ ...FAMILIES['wasmbus-0.3'], testReply: msgpackReply }), { name: 'wat-tests' });
      const k = (await host.startActor(wat.bytes)).publicKey;
      expect(decodeTestResults(await host.call(k, 'Testing.Start', encodeTestOptions()))).toEqual(expected);
    } finally {
      await host.close();
    }
  });
});

describe('Host: WASI (TinyGo -target wasi style)', () => {
  it('gives WASI preview1 to a module importing wasi_snapshot_preview1 and runs _start once', async () => {
    const host = new Host();
    try {
      const s = await sign(watActorModule({ importModule: 'wasmbus', wasi: true, initializers: ['_start'] }), { name: 'wasi' });
      const info = await host.startActor(s.bytes);
      expect(info.abi).toBe('wasmbus-0.3');
      expect(text(await host.call(info.publicKey, 'Init.Order'))).toBe('_');
      expect(text(await host.call(info.publicKey, 'Echo.Echo', bytes('w')))).toBe('w');
    } finally {
      await host.close();
    }
  });
});

describe('Host: lifecycle', () => {
  it('actors(), updateActor (same key, new bytes), stopActor, close is idempotent', async () => {
    const host = new Host();
    const first = await FAMILIES_SIGNED('wasmbus-0.7');
    const info = await host.startActor(first.bytes);
    await expect(host.startActor(first.bytes)).rejects.toThrow(/is already running: use updateActor/);
    expect(host.actors().map((a) => a.publicKey)).toEqual([info.publicKey]);
    const v2 = await sign(watActorModule(FAMILIES['wasmbus-0.3']), { issuer: first.issuer, subject: first.subject, name: 'v2', ver: '2.0.0' });
    const updated = await host.updateActor(info.publicKey, v2.bytes);
    expect(updated).toMatchObject({ publicKey: info.publicKey, name: 'v2', version: '2.0.0', abi: 'wasmbus-0.3' });
    expect(text(await host.call('v2', 'Echo.Echo', bytes('new')))).toBe('new');
    const other = await FAMILIES_SIGNED('wapc');
    await expect(host.updateActor(info.publicKey, other.bytes)).rejects.toThrow(/an update keeps the same module key/);
    await host.stopActor('v2');
    expect(host.actors()).toEqual([]);
    await expect(host.call(info.publicKey, 'Echo.Echo')).rejects.toThrow(HostUserError);
    await host.close();
    await host.close();
    await expect(host.startActor(first.bytes)).rejects.toThrow('the host is closed');
  });
  it('a start function that never returns refuses the start after the timeout', async () => {
    const host = new Host({ timeoutMs: 300 });
    try {
      const { wat2wasm } = await import('./test-support/fixtures');
      const wat = `(module (import "wasmbus" "__guest_request" (func (param i32 i32))) (memory (export "memory") 1)
        (func (export "start") (loop $l (br $l))) (func (export "__guest_call") (param i32 i32) (result i32) (i32.const 1)))`;
      const s = await sign(wat2wasm(wat), { name: 'stuck' });
      await expect(host.startActor(s.bytes)).rejects.toThrow(/its start functions did not finish within 300 ms/);
    } finally {
      await host.close();
    }
  });
});

describe('Host: idleWorkerMs', () => {
  it('refuses a negative or non-numeric value, naming the option', () => {
    expect(() => new Host({ idleWorkerMs: -1 })).toThrow(
      new HostUserError('idleWorkerMs must be a number of milliseconds, 0 or more (0 keeps idle workers), got -1'),
    );
    expect(() => new Host({ idleWorkerMs: Number.NaN })).toThrow(HostUserError);
  });

  it('a worker-path actor idle for idleWorkerMs answers its next call from a fresh instance', async () => {
    const host = new Host({ idleWorkerMs: 200 });
    try {
      const info = await host.startActor((await FAMILIES_SIGNED('wasmbus-0.7')).bytes);
      // A provider that answers asynchronously puts the actor on the worker path.
      host.link(info.publicKey, 'wasmcloud:keyvalue', async () => bytes('v'));
      expect(host.placement(info.publicKey)).toBe('worker');
      expect([...(await host.call(info.publicKey, 'Count.Next'))]).toEqual([1]);
      expect([...(await host.call(info.publicKey, 'Count.Next'))]).toEqual([2]);
      await new Promise((r) => setTimeout(r, 600));
      // Instance state starts over and the start functions ran again for the fresh instance.
      expect([...(await host.call(info.publicKey, 'Count.Next'))]).toEqual([1]);
      expect(text(await host.call(info.publicKey, 'Init.Order'))).toBe('sw_');
      expect(text(await host.call(info.publicKey, 'Echo.Echo', bytes('after idle')))).toBe('after idle');
    } finally {
      await host.close();
    }
  });
});
