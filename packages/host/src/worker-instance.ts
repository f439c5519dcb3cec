import { MessageChannel, MessagePort, Worker } from 'node:worker_threads';
import * as ch from './channel';
import { workerMain } from './worker-main';

export interface HostCallRequest {
  binding: string;
  namespace: string;
  operation: string;
  payload: Uint8Array;
}
export type HostCallResult = { ok: true; payload: Uint8Array } | { ok: false; error: string };

/** What an instance asks of the host while it runs. */
export interface InstanceHooks {
  hostCall(request: HostCallRequest): HostCallResult | Promise<HostCallResult>;
  log(text: string): void;
}

export type Outcome =
  | { kind: 'ok'; payload: Uint8Array }
  | { kind: 'error'; message: string }
  | { kind: 'trap'; message: string }
  | { kind: 'timeout' }
  | { kind: 'crash'; message: string };

/**
 * The fast path: the main thread waits for the worker synchronously (a few spins, then a futex
 * wait, as a call run in this thread would block it) for up to MAIN_SYNC_MS; a call that takes
 * longer, or waits for an asynchronous host call, continues on the event loop. Spinning only
 * briefly matters on a loaded machine, where a spinning thread takes the core its peer needs.
 */
export const MAIN_SYNC_MS = 10;
const MAIN_SPINS = 256;
/** How long a worker spins for the next call before sleeping. */
export const WORKER_SPIN_MS = 0.02;

const source = `(${workerMain.toString()})()`;
const utf8 = new TextDecoder();
const isPromise = <T>(v: T | Promise<T>): v is Promise<T> => typeof (v as Promise<T>)?.then === 'function';
const isPending = (v: Outcome | Promise<HostCallResult> | undefined): v is Promise<HostCallResult> => typeof (v as Promise<unknown>)?.then === 'function';

export interface InstanceOptions {
  /** Bytes of the data region: two payloads plus slack. */
  capacity: number;
  /** Worker heap limits, besides the wasm memory cap (which is in the module). */
  resourceLimits?: { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number };
}

/** One actor instance in its own worker thread: terminable, so a timeout ends even an endless loop. */
export class WorkerInstance {
  readonly worker: Worker;
  readonly capacity: number;
  private readonly port: MessagePort;
  private readonly ctl: Int32Array;
  private readonly data: Uint8Array;
  private readonly encoder = new TextEncoder();
  dead = false;
  apiVersion = 0;
  private exitMessage?: string;

  constructor(options: InstanceOptions) {
    this.capacity = options.capacity;
    const ctlBuffer = new SharedArrayBuffer(ch.CTL_WORDS * 4);
    const dataBuffer = new SharedArrayBuffer(options.capacity);
    this.ctl = new Int32Array(ctlBuffer);
    this.data = new Uint8Array(dataBuffer);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(source, {
      eval: true,
      workerData: { ctl: ctlBuffer, data: dataBuffer, spinMs: WORKER_SPIN_MS, port: port2 },
      transferList: [port2],
      resourceLimits: options.resourceLimits,
      stdout: false,
      stderr: false,
    });
    // An idle instance must not keep the process alive; a call in progress keeps it alive with its deadline timer.
    this.worker.unref();
    this.port.unref();
    const die = (message: string) => {
      if (this.dead) return;
      this.dead = true;
      this.exitMessage = message;
      Atomics.store(this.ctl, ch.STATE, ch.DEAD);
      Atomics.notify(this.ctl, ch.STATE);
    };
    this.worker.on('error', (e) => die(`the instance's worker failed: ${e.message}`));
    this.worker.on('exit', (code) => die(`the instance's worker exited (code ${code})`));
  }

  /** Instantiates the module in the worker and runs its start functions (which may make host calls). */
  init(module: WebAssembly.Module, wasi: boolean, label: string, deadline: number, hooks: InstanceHooks): Outcome | Promise<Outcome> {
    this.port.postMessage({ module, wasi, label });
    Atomics.store(this.ctl, ch.STATE, ch.INIT);
    Atomics.notify(this.ctl, ch.STATE);
    return this.drive(deadline, hooks);
  }

  /** Runs one `__guest_call`. The caller serializes calls to one instance. */
  run(op: Uint8Array, payload: Uint8Array, deadline: number, hooks: InstanceHooks): Outcome | Promise<Outcome> {
    if (this.dead) return { kind: 'crash', message: this.exitMessage ?? 'the instance is gone' };
    const { ctl, data } = this;
    data.set(op, 0);
    data.set(payload, op.length);
    ctl[ch.LEN_A] = op.length;
    ctl[ch.LEN_B] = payload.length;
    Atomics.store(ctl, ch.STATE, ch.CALL);
    Atomics.notify(ctl, ch.STATE);
    return this.drive(deadline, hooks);
  }

  kill(): void {
    if (!this.dead) {
      this.dead = true;
      this.exitMessage = 'the instance was stopped';
      // A call waiting on this instance ends now, not at its deadline.
      Atomics.store(this.ctl, ch.STATE, ch.DEAD);
      Atomics.notify(this.ctl, ch.STATE);
    }
    this.port.close();
    void this.worker.terminate();
  }

  private drive(deadline: number, hooks: InstanceHooks): Outcome | Promise<Outcome> {
    const step = this.syncPhase(deadline, hooks);
    if (step === undefined || isPending(step)) return this.asyncDrive(step, deadline, hooks);
    return step;
  }

  /**
   * Waits synchronously, serving synchronous host calls, for up to MAIN_SYNC_MS: returns the
   * outcome, a pending host-call answer, or undefined when the budget ran out.
   */
  private syncPhase(deadline: number, hooks: InstanceHooks): Outcome | Promise<HostCallResult> | undefined {
    const until = Math.min(performance.now() + MAIN_SYNC_MS, performance.now() + (deadline - Date.now()));
    let spins = 0;
    for (;;) {
      const s = Atomics.load(this.ctl, ch.STATE);
      if (s === ch.DONE) return this.result();
      if (s === ch.HOSTCALL) {
        const answer = this.serve(hooks);
        if (answer) return answer;
        spins = 0;
        continue;
      }
      if (s === ch.DEAD) return { kind: 'crash', message: this.exitMessage ?? 'the instance is gone' };
      if (++spins < MAIN_SPINS) continue;
      // An actor making host calls in a loop, or computing long, must not hold the event loop.
      const left = until - performance.now();
      if (left <= 0) return undefined;
      Atomics.wait(this.ctl, ch.STATE, s, left);
    }
  }

  private async asyncDrive(pending: Promise<HostCallResult> | undefined, deadline: number, hooks: InstanceHooks): Promise<Outcome> {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
    });
    try {
      for (;;) {
        if (pending) {
          const answer = await Promise.race([pending, expired]);
          if (answer === 'timeout') return this.timedOut();
          this.reply(answer);
          pending = undefined;
          // Back to the fast path: the instance usually answers at once.
          const step = this.syncPhase(deadline, hooks);
          if (isPending(step)) {
            pending = step;
            continue;
          }
          if (step) return step;
        }
        const s = Atomics.load(this.ctl, ch.STATE);
        if (s === ch.DONE) return this.result();
        if (s === ch.DEAD) return { kind: 'crash', message: this.exitMessage ?? 'the instance is gone' };
        if (s === ch.HOSTCALL) {
          pending = this.serve(hooks);
          continue;
        }
        const wait = Atomics.waitAsync(this.ctl, ch.STATE, s);
        if (wait.async && (await Promise.race([wait.value, expired])) === 'timeout') return this.timedOut();
      }
    } finally {
      clearTimeout(timer);
    }
  }

  private timedOut(): Outcome {
    this.kill();
    return { kind: 'timeout' };
  }

  /** Handles the worker's request; returns a promise when the answer is not ready yet. */
  private serve(hooks: InstanceHooks): Promise<HostCallResult> | undefined {
    const { ctl, data } = this;
    const base = ctl[ch.REQUEST_END];
    if (ctl[ch.KIND] === ch.HOSTCALL_LOG) {
      try {
        hooks.log(utf8.decode(data.subarray(base, base + ctl[ch.LEN_A])));
      } finally {
        this.reply({ ok: true, payload: new Uint8Array(0) });
      }
      return undefined;
    }
    const a = base + ctl[ch.LEN_A];
    const b = a + ctl[ch.LEN_B];
    const c = b + ctl[ch.LEN_C];
    const request: HostCallRequest = {
      binding: utf8.decode(data.subarray(base, a)),
      namespace: utf8.decode(data.subarray(a, b)),
      operation: utf8.decode(data.subarray(b, c)),
      payload: data.slice(c, c + ctl[ch.LEN_D]),
    };
    let answer: HostCallResult | Promise<HostCallResult>;
    try {
      answer = hooks.hostCall(request);
    } catch (e) {
      answer = { ok: false, error: (e as Error).message };
    }
    if (isPromise(answer)) return answer.catch((e: Error) => ({ ok: false as const, error: e?.message ?? String(e) }));
    this.reply(answer);
    return undefined;
  }

  private reply(answer: HostCallResult): void {
    const { ctl, data } = this;
    const base = ctl[ch.REQUEST_END];
    let ok = answer.ok;
    let bytes = answer.ok ? answer.payload : this.encoder.encode(answer.error);
    if (base + bytes.length > data.length) {
      ok = false;
      bytes = this.encoder.encode(`the host call's reply of ${bytes.length} bytes exceeds the host's limit of ${data.length - base} bytes`);
    }
    data.set(bytes, base);
    ctl[ch.KIND] = ok ? 1 : 0;
    ctl[ch.LEN] = bytes.length;
    Atomics.store(ctl, ch.STATE, ch.HOSTREPLY);
    Atomics.notify(ctl, ch.STATE);
  }

  private result(): Outcome {
    const { ctl, data } = this;
    const n = ctl[ch.LEN];
    switch (ctl[ch.KIND]) {
      case ch.RESULT_OK:
        this.apiVersion = ctl[ch.API_VERSION];
        return { kind: 'ok', payload: data.slice(0, n) };
      case ch.RESULT_TRAP:
        return { kind: 'trap', message: utf8.decode(data.subarray(0, n)) };
      default:
        return { kind: 'error', message: utf8.decode(data.subarray(0, n)) };
    }
  }
}
