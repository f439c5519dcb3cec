import { CheckedActor } from './actor-module';
import { align8, DATA_SLACK } from './channel';
import { HostUserError } from './errors';
import { InstanceHooks, Outcome, WorkerInstance } from './worker-instance';

export interface RuntimeOptions {
  instances: number;
  maxPayloadBytes: number;
  /** Takes a fresh worker (the host keeps one warm). */
  spawn: () => WorkerInstance;
}

/** Data region of an instance: a request and a host call's payload side by side, plus names and errors. */
export function instanceCapacity(maxPayloadBytes: number): number {
  return align8(maxPayloadBytes + 4096) * 2 + DATA_SLACK;
}

interface Waiter {
  resolve(instance: WorkerInstance): void;
  reject(error: Error): void;
}

/**
 * The instances of one actor: each runs one call at a time (otp serializes calls to an
 * instance); up to `instances` run side by side; further calls wait in order.
 */
export class ActorRuntime {
  private readonly idle: WorkerInstance[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly all = new Set<WorkerInstance>();
  private live = 0;
  private stopped = false;
  apiVersion = 0;

  constructor(
    readonly actor: CheckedActor,
    private readonly hooks: InstanceHooks,
    private readonly options: RuntimeOptions,
    private readonly timeoutMs: number,
  ) {}

  get instances(): number {
    return this.options.instances;
  }

  /** Starts the first instance: instantiation errors and start functions belong to startActor. */
  async start(): Promise<void> {
    this.live++;
    const instance = await this.spawnInstance();
    this.apiVersion = instance.apiVersion;
    this.release(instance);
  }

  private async spawnInstance(): Promise<WorkerInstance> {
    const instance = this.options.spawn();
    this.all.add(instance);
    const outcome = await instance.init(this.actor.module, this.actor.wasi, this.actor.label, Date.now() + this.timeoutMs, this.hooks);
    if (outcome.kind !== 'ok') {
      this.all.delete(instance);
      instance.kill();
      this.live--;
      const why = outcome.kind === 'timeout' ? `its start functions did not finish within ${this.timeoutMs} ms` : `instantiation failed: ${'message' in outcome ? outcome.message : ''}`;
      throw new HostUserError(`${this.actor.label}: ${why}`);
    }
    return instance;
  }

  private acquire(): WorkerInstance | Promise<WorkerInstance> {
    if (this.stopped) throw new HostUserError(`${this.actor.name}: the actor was stopped`);
    const ready = this.idle.pop();
    if (ready) return ready;
    if (this.live < this.options.instances) {
      this.live++;
      return this.spawnInstance();
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private release(instance: WorkerInstance): void {
    if (instance.dead || this.stopped) {
      this.all.delete(instance);
      instance.kill();
      this.live--;
      if (this.stopped) return;
      // Keep one instance warm, so the call after a timeout does not pay for a new worker.
      if (this.waiters.length > 0 || this.live === 0) {
        this.live++;
        this.spawnInstance().then(
          (fresh) => this.release(fresh),
          (e: Error) => this.waiters.shift()?.reject(e),
        );
      }
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(instance);
    else this.idle.push(instance);
  }

  /** One call: synchronous when an idle instance answers within the spin budget. */
  call(op: Uint8Array, payload: Uint8Array, timeoutMs: number): Outcome | Promise<Outcome> {
    const deadline = Date.now() + timeoutMs;
    const got = this.acquire();
    if (got instanceof WorkerInstance) return this.runOn(got, op, payload, deadline);
    return got.then((instance) => this.runOn(instance, op, payload, deadline));
  }

  private runOn(instance: WorkerInstance, op: Uint8Array, payload: Uint8Array, deadline: number): Outcome | Promise<Outcome> {
    let outcome: Outcome | Promise<Outcome>;
    try {
      outcome = instance.run(op, payload, deadline, this.hooks);
    } catch (e) {
      this.release(instance);
      throw e;
    }
    if (outcome instanceof Promise) {
      return outcome.finally(() => this.release(instance));
    }
    this.release(instance);
    return outcome;
  }

  /** Ends every instance; calls waiting for one are refused. */
  stop(): void {
    this.stopped = true;
    for (const w of this.waiters.splice(0)) w.reject(new HostUserError(`${this.actor.name}: the actor was stopped`));
    for (const i of this.all) i.kill();
    this.all.clear();
    this.idle.length = 0;
  }
}
