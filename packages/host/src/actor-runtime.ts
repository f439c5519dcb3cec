import { CheckedActor } from './actor-module';
import { align8, DATA_SLACK } from './channel';
import { HostUserError } from './errors';
import { FastOutcome, MainInstance, SyncHooks } from './main-instance';
import { InstanceHooks, Outcome, WorkerInstance } from './worker-instance';

export interface RuntimeOptions {
  instances: number;
  maxPayloadBytes: number;
  /** Takes a fresh worker (the host keeps one warm). */
  spawn: () => WorkerInstance;
  /** Run in the calling thread while every host call can be answered synchronously (the module must carry deadline checks). */
  fast?: SyncHooks;
  /** An instance idle this long gives back its worker thread (the next call starts a fresh one); 0 or unset: kept. */
  idleWorkerMs?: number;
}

/** HostOptions.idleWorkerMs default: a worker thread costs ~6.5 MiB while it lives (README "Memory"). */
export const DEFAULT_IDLE_WORKER_MS = 30_000;

/** A fast-path call that needed the event loop after a host call with effects: not re-run. */
export function movedToWorkerMessage(name: string): string {
  return `${name}: a host call needed an asynchronous answer after host calls with effects had been made on the calling thread, so this call was not re-run; the actor's later calls run in a worker thread`;
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
  /** Pending retirements of idle worker instances. */
  private readonly idleTimers = new Map<WorkerInstance, NodeJS.Timeout>();
  /** Idle instances in the calling thread (the fast path). */
  private readonly fastIdle: MainInstance[] = [];
  /** A host call on the fast path needed the event loop: later calls go to workers. */
  private demoted = false;
  /** The host knows this actor's host calls may be asynchronous (a link to a provider not flagged synchronous). */
  preferWorker = false;
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

  /** Worker instances alive or starting (0 once idle ones have been retired). */
  get workers(): number {
    return this.all.size;
  }

  /** Calls run in the calling thread (no worker) while this holds. */
  get fastPath(): boolean {
    return this.options.fast !== undefined && this.actor.deadlineChecks && !this.preferWorker && !this.demoted;
  }

  /** A new link or unlink: the fast path may be tried again. */
  reconsider(preferWorker: boolean): void {
    this.preferWorker = preferWorker;
    this.demoted = false;
  }

  /** Starts the first instance: instantiation errors and start functions belong to startActor. */
  async start(): Promise<void> {
    if (this.fastPath) {
      const instance = new MainInstance(
        this.actor.module,
        this.actor.wasi,
        this.actor.label,
        this.options.fast!,
        instanceCapacity(this.options.maxPayloadBytes),
      );
      const outcome = instance.init(this.timeoutMs);
      if (outcome.kind === 'ok') {
        this.apiVersion = instance.apiVersion;
        this.fastIdle.push(instance);
        return;
      }
      // A start function that needs an asynchronous answer: the worker path runs it again.
      if (outcome.kind !== 'async') throw new HostUserError(`${this.actor.label}: ${initFailure(outcome, this.timeoutMs)}`);
      this.demoted = true;
    }
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
      throw new HostUserError(`${this.actor.label}: ${initFailure(outcome, this.timeoutMs)}`);
    }
    return instance;
  }

  private acquire(): WorkerInstance | Promise<WorkerInstance> {
    if (this.stopped) throw new HostUserError(`${this.actor.name}: the actor was stopped`);
    const ready = this.idle.pop();
    if (ready) {
      this.keepAlive(ready);
      return ready;
    }
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
    else {
      this.idle.push(instance);
      this.retireLater(instance);
    }
  }

  /**
   * An idle instance's worker (its own V8 isolate, ~6.5 MiB) ends after idleWorkerMs; the next call
   * then takes the path a call after a trap takes: a fresh instance, start functions run again.
   * Only idle instances are timed (acquire cancels the timer), so a call in flight is never cut.
   */
  private retireLater(instance: WorkerInstance): void {
    const ms = this.options.idleWorkerMs ?? 0;
    if (ms <= 0) return;
    const timer = setTimeout(() => this.retire(instance), ms);
    // Idle actors must not keep the process alive.
    timer.unref();
    this.idleTimers.set(instance, timer);
  }

  private keepAlive(instance: WorkerInstance): void {
    clearTimeout(this.idleTimers.get(instance));
    this.idleTimers.delete(instance);
  }

  private retire(instance: WorkerInstance): void {
    this.idleTimers.delete(instance);
    const at = this.idle.indexOf(instance);
    if (at < 0 || this.stopped) return;
    this.idle.splice(at, 1);
    this.all.delete(instance);
    instance.kill();
    this.live--;
  }

  /**
   * One call: in the calling thread on the fast path; else on a worker, synchronous when an idle
   * instance answers within the spin budget. A fast-path call whose host call needs the event loop
   * is re-run on a worker when no host call with effects had happened; else it fails.
   */
  call(op: Uint8Array, payload: Uint8Array, timeoutMs: number): Outcome | Promise<Outcome> {
    if (this.fastPath) {
      const outcome = this.callFast(op, payload, timeoutMs);
      if (outcome.kind !== 'async') return outcome;
      this.demoted = true;
      if (outcome.effects) return { kind: 'error', message: movedToWorkerMessage(this.actor.name) };
    }
    return this.callWorker(op, payload, timeoutMs);
  }

  /**
   * A call nested in a fast-path host call: `async` when it cannot be answered in this thread
   * (this actor runs on workers, or its own host call needed the event loop).
   */
  callSync(op: Uint8Array, payload: Uint8Array, timeoutMs: number): FastOutcome {
    if (!this.fastPath) return { kind: 'async', effects: false };
    const outcome = this.callFast(op, payload, timeoutMs);
    if (outcome.kind === 'async') this.demoted = true;
    if (outcome.kind === 'async' && outcome.effects) return { kind: 'error', message: movedToWorkerMessage(this.actor.name) };
    return outcome;
  }

  /** A free instance in this thread (a re-entrant call gets another one); discarded after a trap or timeout. */
  private callFast(op: Uint8Array, payload: Uint8Array, timeoutMs: number): FastOutcome {
    if (this.stopped) throw new HostUserError(`${this.actor.name}: the actor was stopped`);
    let instance = this.fastIdle.pop();
    if (!instance) {
      instance = new MainInstance(this.actor.module, this.actor.wasi, this.actor.label, this.options.fast!, instanceCapacity(this.options.maxPayloadBytes));
      const init = instance.init(timeoutMs);
      if (init.kind === 'async') return init;
      if (init.kind !== 'ok') return { kind: 'crash', message: initFailure(init, timeoutMs) };
    }
    const outcome = instance.run(op, payload, timeoutMs);
    if (!instance.dead && !this.stopped && this.fastIdle.length < this.options.instances) this.fastIdle.push(instance);
    return outcome;
  }

  private callWorker(op: Uint8Array, payload: Uint8Array, timeoutMs: number): Outcome | Promise<Outcome> {
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
    for (const t of this.idleTimers.values()) clearTimeout(t);
    this.idleTimers.clear();
    for (const i of this.all) i.kill();
    this.all.clear();
    this.idle.length = 0;
    for (const i of this.fastIdle) i.kill();
    this.fastIdle.length = 0;
  }
}

function initFailure(outcome: FastOutcome, timeoutMs: number): string {
  return outcome.kind === 'timeout'
    ? `its start functions did not finish within ${timeoutMs} ms`
    : `instantiation failed: ${'message' in outcome ? outcome.message : ''}`;
}
