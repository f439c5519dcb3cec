import { checkActor } from './actor-module';
import { ActorRuntime, instanceCapacity } from './actor-runtime';
import { HostUserError } from './errors';
import { hostCallPayload, sign, watActorModule } from './test-support/fixtures';
import { FAMILIES } from './test-support/wat-actor';
import { InstanceHooks, Outcome, WorkerInstance } from './worker-instance';

const enc = new TextEncoder();
const hooks = { log: () => undefined, hostCall: () => ({ ok: false as const, error: 'none' }) };

async function runtime(instances: number, idleWorkerMs?: number, h: InstanceHooks = hooks) {
  const s = await sign(watActorModule(FAMILIES['wasmbus-0.7']), { name: 'rt' });
  const checked = await checkActor(s.bytes, 'rt', { now: Math.floor(Date.now() / 1000), memoryLimitBytes: 1 << 26 });
  const workers: WorkerInstance[] = [];
  const spawn = () => {
    const w = new WorkerInstance({ capacity: instanceCapacity(4096) });
    workers.push(w);
    return w;
  };
  const rt = new ActorRuntime(checked, h, { instances, maxPayloadBytes: 4096, spawn, idleWorkerMs }, 2000);
  await rt.start();
  return { rt, spawned: () => workers.length, workers };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const exited = (w: WorkerInstance) => new Promise<number>((r) => w.worker.once('exit', r));
async function count(rt: ActorRuntime): Promise<number> {
  const o: Outcome = await rt.call(enc.encode('Count.Next'), new Uint8Array(0), 2000);
  if (o.kind !== 'ok') throw new Error(`Count.Next: ${JSON.stringify(o)}`);
  return o.payload[0];
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

describe('ActorRuntime: idle workers are retired', () => {
  it('an idle instance ends its worker thread after idleWorkerMs; the next call gets a fresh instance', async () => {
    const { rt, spawned, workers } = await runtime(1, 300);
    expect(await count(rt)).toBe(1);
    expect(await count(rt)).toBe(2);
    expect(rt.workers).toBe(1);
    const gone = exited(workers[0]);
    // The thread really exits (its isolate is freed), not just the instance marked dead.
    expect(await gone).toBe(1);
    expect(rt.workers).toBe(0);
    expect(workers[0].dead).toBe(true);
    // A fresh instance: start functions ran again, instance state starts over.
    expect(await count(rt)).toBe(1);
    expect(spawned()).toBe(2);
    expect(rt.workers).toBe(1);
    const echo = await rt.call(enc.encode('Echo.Echo'), enc.encode('again'), 2000);
    expect(echo).toEqual({ kind: 'ok', payload: enc.encode('again') });
    rt.stop();
  });

  it('a call in flight longer than idleWorkerMs is not cut; the idle timer starts after it', async () => {
    let answered = 0;
    const slowHooks: InstanceHooks = {
      log: () => undefined,
      hostCall: () => new Promise((resolve) => setTimeout(() => (answered++, resolve({ ok: true, payload: enc.encode('late') })), 600)),
    };
    const { rt, spawned, workers } = await runtime(1, 150, slowHooks);
    expect(await count(rt)).toBe(1);
    const outcome = await rt.call(enc.encode('Host.Call'), hostCallPayload('default', 'wasmcloud:keyvalue', 'Get'), 2000);
    expect(outcome).toEqual({ kind: 'ok', payload: enc.encode('late') });
    expect(answered).toBe(1);
    expect(workers[0].dead).toBe(false);
    // Same instance: its state survived the long call.
    expect(await count(rt)).toBe(2);
    expect(spawned()).toBe(1);
    await exited(workers[0]);
    expect(rt.workers).toBe(0);
    rt.stop();
  });

  it('idleWorkerMs 0 (or unset) keeps the worker', async () => {
    for (const ms of [0, undefined]) {
      const { rt, spawned, workers } = await runtime(1, ms);
      expect(await count(rt)).toBe(1);
      await sleep(400);
      expect(workers[0].dead).toBe(false);
      expect(rt.workers).toBe(1);
      expect(await count(rt)).toBe(2);
      expect(spawned()).toBe(1);
      rt.stop();
    }
  });

  it("the idle timer does not keep the process alive (it is unref'd)", async () => {
    const { rt, workers } = await runtime(1, 60_000);
    const refTimers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    expect(await count(rt)).toBe(1);
    // stop clears the pending idle timer: a ref'd one would show in the count.
    const idleTimerPending = refTimers();
    rt.stop();
    expect(refTimers()).toBe(idleTimerPending);
    expect(workers[0].dead).toBe(true);
  });

  it('stop ends an idle instance before its timer', async () => {
    const { rt, workers } = await runtime(1, 60_000);
    const gone = exited(workers[0]);
    rt.stop();
    expect(await gone).toBe(1);
    expect(rt.workers).toBe(0);
  });
});
