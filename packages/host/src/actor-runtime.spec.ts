import { checkActor } from './actor-module';
import { ActorRuntime, instanceCapacity } from './actor-runtime';
import { HostUserError } from './errors';
import { sign, watActorModule } from './test-support/fixtures';
import { FAMILIES } from './test-support/wat-actor';
import { WorkerInstance } from './worker-instance';

const enc = new TextEncoder();
const hooks = { log: () => undefined, hostCall: () => ({ ok: false as const, error: 'none' }) };

async function runtime(instances: number) {
  const s = await sign(watActorModule(FAMILIES['wasmbus-0.7']), { name: 'rt' });
  const checked = await checkActor(s.bytes, 'rt', { now: Math.floor(Date.now() / 1000), memoryLimitBytes: 1 << 26 });
  let spawned = 0;
  const rt = new ActorRuntime(
    checked,
    hooks,
    { instances, maxPayloadBytes: 4096, spawn: () => (spawned++, new WorkerInstance({ capacity: instanceCapacity(4096) })) },
    2000,
  );
  await rt.start();
  return { rt, spawned: () => spawned };
}

describe('ActorRuntime', () => {
  it('one instance: calls wait their turn, in order; stop refuses the waiting ones', async () => {
    const { rt, spawned } = await runtime(1);
    const order: number[] = [];
    const calls = [1, 2, 3].map(() =>
      Promise.resolve(rt.call(enc.encode('Count.Next'), new Uint8Array(0), 2000)).then((o) => (o.kind === 'ok' ? order.push(o.payload[0]) : 0)),
    );
    await Promise.all(calls);
    expect(order).toEqual([1, 2, 3]);
    expect(spawned()).toBe(1);
    const slow = rt.call(enc.encode('Loop.Forever'), new Uint8Array(0), 5000);
    const waiting = Promise.resolve(rt.call(enc.encode('Echo.Echo'), new Uint8Array(0), 5000));
    rt.stop();
    await expect(waiting).rejects.toThrow(HostUserError);
    expect(await slow).toMatchObject({ kind: 'crash' });
  });
  it('a second instance is started only when calls overlap', async () => {
    const { rt, spawned } = await runtime(2);
    await rt.call(enc.encode('Echo.Echo'), new Uint8Array(0), 2000);
    expect(spawned()).toBe(1);
    await Promise.all([rt.call(enc.encode('Loop.Forever'), new Uint8Array(0), 300), rt.call(enc.encode('Echo.Echo'), new Uint8Array(0), 2000)]);
    expect(spawned()).toBeGreaterThanOrEqual(2);
    rt.stop();
  });
});
