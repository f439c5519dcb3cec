import { checkActor } from './actor-module';
import { instanceCapacity } from './actor-runtime';
import { hostCallPayload, sign, watActorModule } from './test-support/fixtures';
import { FAMILIES } from './test-support/wat-actor';
import { HostCallRequest, InstanceHooks, WorkerInstance } from './worker-instance';

const enc = new TextEncoder();
const dec = new TextDecoder();

async function instance(hooks: InstanceHooks) {
  const s = await sign(watActorModule(FAMILIES['wasmbus-0.7']), { name: 'wi' });
  const checked = await checkActor(s.bytes, 'wi', { now: Math.floor(Date.now() / 1000), memoryLimitBytes: 1 << 26 });
  const w = new WorkerInstance({ capacity: instanceCapacity(4096) });
  expect(await w.init(checked.module, false, 'wi', Date.now() + 5000, hooks)).toEqual({ kind: 'ok', payload: new Uint8Array(0) });
  return w;
}

describe('WorkerInstance', () => {
  it('runs calls, serves host calls (sync and async) and logs, and reports a killed worker as a crash', async () => {
    const seen: HostCallRequest[] = [];
    const logs: string[] = [];
    let asyncNext = false;
    const hooks: InstanceHooks = {
      log: (t) => logs.push(t),
      hostCall: (r) => {
        seen.push(r);
        const answer = { ok: true as const, payload: enc.encode(`re:${dec.decode(r.payload)}`) };
        return asyncNext ? Promise.resolve(answer) : answer;
      },
    };
    const w = await instance(hooks);
    expect(w.apiVersion).toBe(1);
    expect(await w.run(enc.encode('Echo.Echo'), enc.encode('x'), Date.now() + 5000, hooks)).toEqual({ kind: 'ok', payload: enc.encode('x') });
    const viaHost = await w.run(enc.encode('Host.Call'), hostCallPayload('default', 'wasmcloud:x', 'X.Y', enc.encode('p')), Date.now() + 5000, hooks);
    expect(viaHost).toEqual({ kind: 'ok', payload: enc.encode('re:p') });
    asyncNext = true;
    expect(await w.run(enc.encode('Host.Call'), hostCallPayload('b', 'ns', 'Op', enc.encode('q')), Date.now() + 5000, hooks)).toEqual({
      kind: 'ok',
      payload: enc.encode('re:q'),
    });
    expect(seen.map((r) => [r.binding, r.namespace, r.operation])).toEqual([
      ['default', 'wasmcloud:x', 'X.Y'],
      ['b', 'ns', 'Op'],
    ]);
    await w.run(enc.encode('Log.Log'), enc.encode('line'), Date.now() + 5000, hooks);
    expect(logs).toEqual(['line']);
    expect(await w.run(enc.encode('Loop.Forever'), new Uint8Array(0), Date.now() + 200, hooks)).toEqual({ kind: 'timeout' });
    expect(w.dead).toBe(true);
    expect(await w.run(enc.encode('Echo.Echo'), new Uint8Array(0), Date.now() + 200, hooks)).toMatchObject({ kind: 'crash' });
  });
});
