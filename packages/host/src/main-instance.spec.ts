import { checkActor } from './actor-module';
import { instanceCapacity } from './actor-runtime';
import { MainInstance, NEEDS_ASYNC, SyncHooks } from './main-instance';
import { hostCallPayload, sign, watActorModule } from './test-support/fixtures';
import { FAMILIES } from './test-support/wat-actor';

const enc = new TextEncoder();

async function instance(hooks: SyncHooks, maxPayloadBytes = 4096) {
  const { bytes } = await sign(watActorModule(FAMILIES['wasmbus-0.7']), { name: 'mi' });
  const checked = await checkActor(bytes, 'mi.wasm', { now: Math.floor(Date.now() / 1000), memoryLimitBytes: 16 * 1024 * 1024 });
  expect(checked.deadlineChecks).toBe(true);
  const mi = new MainInstance(checked.module, false, 'mi', hooks, instanceCapacity(maxPayloadBytes));
  expect(mi.init(1000)).toEqual({ kind: 'ok', payload: new Uint8Array(0) });
  return mi;
}

describe('MainInstance', () => {
  it('runs calls and host calls in this thread; a deadline ends an endless loop and discards the instance', async () => {
    const logs: string[] = [];
    const mi = await instance({ log: (t) => logs.push(t), hostCallSync: (r) => ({ ok: true, payload: enc.encode(`${r.namespace}/${r.operation}`) }) });
    expect(mi.apiVersion).toBe(1);
    expect(mi.run(enc.encode('Echo.Echo'), enc.encode('hé'), 1000)).toEqual({ kind: 'ok', payload: enc.encode('hé') });
    expect(mi.run(enc.encode('Host.Call'), hostCallPayload('default', 'wasmcloud:x', 'X.Y'), 1000)).toEqual({
      kind: 'ok',
      payload: enc.encode('wasmcloud:x/X.Y'),
    });
    mi.run(enc.encode('Log.Log'), enc.encode('line'), 1000);
    expect(logs).toEqual(['line']);
    const t0 = performance.now();
    expect(mi.run(enc.encode('Loop.Forever'), new Uint8Array(0), 100)).toEqual({ kind: 'timeout' });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(mi.dead).toBe(true);
  });

  it('a host call that needs the event loop unwinds the guest, reporting whether an effect had happened', async () => {
    let answers = 0;
    const hooks: SyncHooks = {
      log: () => undefined,
      hostCallSync: (r) => (r.namespace === 'wasmcloud:builtin:numbergen' || answers++ > 0 ? { ok: true, payload: new Uint8Array(0) } : NEEDS_ASYNC),
    };
    const first = await instance(hooks);
    expect(first.run(enc.encode('Host.Call'), hostCallPayload('default', 'wasmcloud:x', 'X.Y'), 1000)).toEqual({ kind: 'async', effects: false });
    expect(first.dead).toBe(true);
  });

  it('replies over the data region of a worker are refused as the worker refuses them', async () => {
    const mi = await instance({ log: () => undefined, hostCallSync: () => ({ ok: true, payload: new Uint8Array(0) }) }, 16);
    const cap = instanceCapacity(16);
    const big = new Uint8Array(cap + 1);
    expect(mi.run(enc.encode('Echo.Echo'), big, 1000)).toEqual({
      kind: 'error',
      message: `the actor's reply of ${cap + 1} bytes exceeds the host's limit of ${cap} bytes (raise maxPayloadBytes)`,
    });
  });
});
