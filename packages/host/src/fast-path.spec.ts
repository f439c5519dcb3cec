import { encode } from '@msgpack/msgpack';
import { CallTimeoutError, GuestError } from './errors';
import { Host } from './host';
import { keyValueDouble } from './doubles/keyvalue';
import { hostCallPayload, sign, wat2wasm, watActorModule } from './test-support/fixtures';
import { bytes, FAMILIES_SIGNED, text } from './test-support/host-fixtures';
import { FAMILIES } from './test-support/wat-actor';
import { Provider } from './types';

const EX = 'wasmcloud:example';
const REMOTE = 'M' + 'B'.repeat(55);

/** Two host calls per invocation: the example provider (an effect), then the actor REMOTE (on the lattice). */
const TWO_CALLS = wat2wasm(`(module
  (import "wasmbus" "__guest_request" (func $req (param i32 i32)))
  (import "wasmbus" "__guest_response" (func $resp (param i32 i32)))
  (import "wasmbus" "__host_call" (func $call (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasmbus" "__host_response_len" (func $hlen (result i32)))
  (import "wasmbus" "__host_response" (func $hresp (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "default${EX}Ex.Do${REMOTE}")
  (func (export "__guest_call") (param $ol i32) (param $pl i32) (result i32)
    (call $req (i32.const 1024) (i32.const 2048))
    (drop (call $call (i32.const 0) (i32.const 7) (i32.const 7) (i32.const ${EX.length}) (i32.const ${7 + EX.length}) (i32.const 5) (i32.const 0) (i32.const 0)))
    (drop (call $call (i32.const 0) (i32.const 0) (i32.const ${12 + EX.length}) (i32.const 56) (i32.const ${7 + EX.length}) (i32.const 5) (i32.const 0) (i32.const 0)))
    (call $hresp (i32.const 4096))
    (call $resp (i32.const 4096) (call $hlen))
    (i32.const 1)))`);

describe('the fast path (actors in the calling thread)', () => {
  it('an actor without links runs in the calling thread; a timeout ends its endless loop there and the next call works', async () => {
    const host = new Host({ timeoutMs: 300 });
    try {
      const k = (await host.startActor((await FAMILIES_SIGNED('wasmbus-0.7')).bytes)).publicKey;
      expect(host.placement(k)).toBe('thread');
      const t0 = Date.now();
      const err = await host.call(k, 'Loop.Forever').catch((e) => e);
      expect(err).toBeInstanceOf(CallTimeoutError);
      expect(Date.now() - t0).toBeLessThan(1500);
      expect(host.placement(k)).toBe('thread');
      expect(text(await host.call(k, 'Echo.Echo', bytes('alive')))).toBe('alive');
      // A trap discards the instance; its state starts again.
      expect(Array.from(await host.call(k, 'Count.Next'))).toEqual([1]);
      await expect(host.call(k, 'Trap.Trap')).rejects.toThrow(GuestError);
      expect(Array.from(await host.call(k, 'Count.Next'))).toEqual([1]);
    } finally {
      await host.close();
    }
  });

  it('a provider flagged synchronous keeps the actor there; an unflagged one moves it to a worker; unlinking brings it back', async () => {
    const host = new Host();
    try {
      const k = (await host.startActor((await FAMILIES_SIGNED('wasmbus-0.7', ['wasmcloud:keyvalue', EX])).bytes)).publicKey;
      const kv = keyValueDouble({ greeting: 'hi' });
      host.link(k, 'wasmcloud:keyvalue', kv);
      expect(host.placement(k)).toBe('thread');
      expect(text(await host.call(k, 'Host.Call', hostCallPayload('default', 'wasmcloud:keyvalue', 'Get', encode({ key: 'greeting' }))))).toContain('hi');
      const slow: Provider = async (op, payload) => Uint8Array.from([...bytes('async:'), ...payload]);
      host.link(k, EX, slow);
      expect(host.placement(k)).toBe('worker');
      expect(text(await host.call(k, 'Host.Call', hostCallPayload('default', EX, 'Ex.Do', bytes('x'))))).toBe('async:x');
      host.unlink(k, EX);
      expect(host.placement(k)).toBe('thread');
      // A flagged provider that returns a Promise anyway fails that host call, in one line.
      const liar: Provider = Object.assign(async () => bytes('never'), { synchronous: true });
      host.link(k, EX, liar);
      await expect(host.call(k, 'Host.Call', hostCallPayload('default', EX, 'Ex.Do'))).rejects.toThrow(
        `Host error: the provider linked for ${EX} (link default) is flagged synchronous but returned a Promise`,
      );
    } finally {
      await host.close();
    }
  });

  it('actor to actor: nested in this thread; a target on the worker path re-runs the caller on a worker (the provider is called once)', async () => {
    const host = new Host();
    try {
      const caller = (await host.startActor((await FAMILIES_SIGNED('wasmbus-0.7')).bytes)).publicKey;
      const target = (
        await host.startActor((await sign(watActorModule(FAMILIES['wasmbus-0.3']), { name: 'target', callAlias: 'the/target', caps: [EX] })).bytes)
      ).publicKey;
      // Nested on the fast path, including a call of the caller to itself (another instance).
      expect(text(await host.call(caller, 'Host.Call', hostCallPayload('', 'the/target', 'Echo.Echo', bytes('nested'))))).toBe('nested');
      expect(text(await host.call(caller, 'Host.Call', hostCallPayload('', caller, 'Echo.Echo', bytes('self'))))).toBe('self');
      expect([host.placement(caller), host.placement(target)]).toEqual(['thread', 'thread']);
      let calls = 0;
      host.link(target, EX, async (op, payload) => (calls++, payload));
      const inner = hostCallPayload('default', EX, 'Ex.Do', bytes('deep'));
      expect(text(await host.call(caller, 'Host.Call', hostCallPayload('', 'the/target', 'Host.Call', inner)))).toBe('deep');
      expect(calls).toBe(1);
      expect([host.placement(caller), host.placement(target)]).toEqual(['worker', 'worker']);
    } finally {
      await host.close();
    }
  });

  it('an asynchronous answer needed after a host call with effects fails that call; later calls run on a worker', async () => {
    let remote = 0;
    const host = new Host({ remoteActor: async () => (remote++, bytes('from the lattice')) });
    try {
      const k = (await host.startActor((await sign(TWO_CALLS, { name: 'two', caps: [EX] })).bytes)).publicKey;
      let effects = 0;
      host.link(
        k,
        EX,
        Object.assign(() => (effects++, bytes('sync')), { synchronous: true }),
      );
      expect(host.placement(k)).toBe('thread');
      await expect(host.call(k, 'Two.Calls')).rejects.toThrow(/two: a host call needed an asynchronous answer after host calls with effects/);
      expect([effects, remote]).toEqual([1, 0]);
      expect(host.placement(k)).toBe('worker');
      expect(text(await host.call(k, 'Two.Calls'))).toBe('from the lattice');
      expect([effects, remote]).toEqual([2, 1]);
    } finally {
      await host.close();
    }
  });

  it('a start function that needs an asynchronous answer starts the actor on a worker', async () => {
    const host = new Host({ remoteActor: async () => bytes('ok') });
    try {
      const wasm = wat2wasm(`(module
        (import "wasmbus" "__guest_request" (func $req (param i32 i32)))
        (import "wasmbus" "__host_call" (func $call (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
        (memory (export "memory") 1)
        (data (i32.const 0) "${REMOTE}Op")
        (func (export "wapc_init") (drop (call $call (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 56) (i32.const 56) (i32.const 2) (i32.const 0) (i32.const 0))))
        (func (export "__guest_call") (param i32 i32) (result i32) (i32.const 1)))`);
      const k = (await host.startActor((await sign(wasm, { name: 'init-async' })).bytes)).publicKey;
      expect(host.placement(k)).toBe('worker');
      expect((await host.call(k, 'Any.Op')).length).toBe(0);
    } finally {
      await host.close();
    }
  });
});
