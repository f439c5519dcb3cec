import { ActorRuntime, DEFAULT_IDLE_WORKER_MS, instanceCapacity } from './actor-runtime';
import { checkActor, CheckedActor } from './actor-module';
import { BUILTIN_LOGGING, BUILTIN_NUMBERGEN, logging, numbergen } from './builtins';
import { CallTimeoutError, GuestError, HostUserError, RPC_TIMEOUT_ERROR } from './errors';
import { allowedInsecureFromEnv, OciSourceOptions } from './oci-source';
import { NEEDS_ASYNC, SyncHooks } from './main-instance';
import { loadSource } from './source';
import { ActorInfo, HostOptions, LogEntry, LogLevel, Payload, Provider } from './types';
import { HostCallRequest, HostCallResult, InstanceHooks, Outcome, WorkerInstance } from './worker-instance';

export const DEFAULT_TIMEOUT_MS = 2000;
export const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;
export const DEFAULT_MEMORY_LIMIT_BYTES = 256 * 1024 * 1024;

interface Link {
  provider: Provider;
  values: Record<string, string>;
}

interface RunningActor {
  checked: CheckedActor;
  runtime: ActorRuntime;
  info: ActorInfo;
}

const encoder = new TextEncoder();
const empty = new Uint8Array(0);
const isPromise = <T>(v: T | Promise<T>): v is Promise<T> => typeof (v as Promise<T>)?.then === 'function';

function defaultLog(entry: LogEntry): void {
  process.stderr.write(`${entry.actor}: ${entry.text}\n`);
}

/** The wasmCloud host in this process: runs classic (wasmbus, pre-1.0) actors with in-process providers. */
export class Host {
  private readonly lattice: string;
  private readonly timeoutMs: number;
  private readonly maxPayloadBytes: number;
  private readonly instances: number;
  private readonly memoryLimitBytes: number;
  private readonly idleWorkerMs: number;
  private readonly logSink: (entry: LogEntry) => void;
  private readonly oci: OciSourceOptions;
  private readonly now: () => number;
  private readonly remoteActor: HostOptions['remoteActor'];
  private readonly running = new Map<string, RunningActor>();
  /** key: `${actor}\0${contractId}\0${linkName}` */
  private readonly links = new Map<string, Link>();
  private spare?: WorkerInstance;
  private closed = false;

  constructor(options: HostOptions = {}) {
    this.lattice = options.lattice ?? 'default';
    this.timeoutMs = positive(options.timeoutMs, DEFAULT_TIMEOUT_MS, 'timeoutMs');
    this.maxPayloadBytes = positive(options.maxPayloadBytes, DEFAULT_MAX_PAYLOAD_BYTES, 'maxPayloadBytes');
    this.instances = positive(options.instances, 1, 'instances');
    this.memoryLimitBytes = positive(options.memoryLimitBytes, DEFAULT_MEMORY_LIMIT_BYTES, 'memoryLimitBytes');
    this.idleWorkerMs = options.idleWorkerMs ?? DEFAULT_IDLE_WORKER_MS;
    if (!Number.isFinite(this.idleWorkerMs) || this.idleWorkerMs < 0)
      throw new HostUserError(`idleWorkerMs must be a number of milliseconds, 0 or more (0 keeps idle workers), got ${options.idleWorkerMs}`);
    this.logSink = options.log ?? defaultLog;
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
    this.remoteActor = options.remoteActor;
    this.oci = {
      allowedInsecure: options.ociAllowedInsecure ?? allowedInsecureFromEnv(),
      allowLatest: options.allowLatest ?? process.env.WASMCLOUD_OCI_ALLOW_LATEST === 'true',
      cacheDir: options.ociCacheDir,
    };
    // No worker is booted up front: actors whose host calls can all be answered synchronously run
    // in this thread; the first actor that needs a worker boots one (and a spare after it).
  }

  /** file path, bytes, or an OCI reference (contains ':' or '/' and is not an existing file). */
  async startActor(source: string | Uint8Array, options: { instances?: number } = {}): Promise<ActorInfo> {
    this.assertOpen();
    const instances = positive(options.instances, this.instances, 'instances');
    const { bytes, label } = await loadSource(source, this.oci);
    const checked = await checkActor(bytes, label, { now: this.now(), memoryLimitBytes: this.memoryLimitBytes });
    if (this.running.has(checked.publicKey))
      throw new HostUserError(`${label}: actor ${checked.name} (${checked.publicKey}) is already running: use updateActor`);
    if (checked.callAlias) {
      const holder = [...this.running.values()].find((a) => a.checked.callAlias === checked.callAlias);
      if (holder) throw new HostUserError(`${label}: call alias ${checked.callAlias} is already taken by ${holder.checked.name} (${holder.checked.publicKey})`);
    }
    const running = await this.launch(checked, instances);
    this.running.set(checked.publicKey, running);
    return { ...running.info };
  }

  private async launch(checked: CheckedActor, instances: number): Promise<RunningActor> {
    const runtime = new ActorRuntime(
      checked,
      this.hooksFor(checked),
      {
        instances,
        maxPayloadBytes: this.maxPayloadBytes,
        spawn: () => this.takeWorker(),
        fast: this.syncHooksFor(checked),
        idleWorkerMs: this.idleWorkerMs,
      },
      this.timeoutMs,
    );
    runtime.preferWorker = this.hasAsyncLink(checked.publicKey);
    await runtime.start();
    const info: ActorInfo = {
      publicKey: checked.publicKey,
      name: checked.name,
      callAlias: checked.callAlias,
      caps: [...checked.caps],
      issuer: checked.issuer,
      version: checked.version,
      revision: checked.revision,
      apiVersion: runtime.apiVersion,
      abi: checked.abi,
      instances,
    };
    return { checked, runtime, info };
  }

  async stopActor(actor: string): Promise<void> {
    const running = this.resolve(actor);
    running.runtime.stop();
    this.running.delete(running.checked.publicKey);
  }

  /** Replaces a running actor with new bytes of the same module key; links stay. */
  async updateActor(actor: string, source: string | Uint8Array): Promise<ActorInfo> {
    this.assertOpen();
    const old = this.resolve(actor);
    const { bytes, label } = await loadSource(source, this.oci);
    const checked = await checkActor(bytes, label, { now: this.now(), memoryLimitBytes: this.memoryLimitBytes });
    if (checked.publicKey !== old.checked.publicKey) {
      throw new HostUserError(
        `${label}: module key ${checked.publicKey} is not the running actor's ${old.checked.publicKey}: an update keeps the same module key`,
      );
    }
    const running = await this.launch(checked, old.info.instances);
    this.running.set(checked.publicKey, running);
    old.runtime.stop();
    return { ...running.info };
  }

  /** Where the actor's next call runs: 'thread' (the calling thread, no hop) or 'worker' (worker threads). */
  placement(actor: string): 'thread' | 'worker' {
    return this.resolve(actor).runtime.fastPath ? 'thread' : 'worker';
  }

  actors(): ActorInfo[] {
    return [...this.running.values()].map((a) => ({ ...a.info }));
  }

  /** A link definition: actor (key/name/alias) -> provider for contractId under linkName. */
  link(actor: string, contractId: string, provider: Provider, options: { linkName?: string; values?: Record<string, string> } = {}): void {
    if (typeof provider !== 'function') throw new HostUserError(`link ${contractId}: the provider must be a function (operation, payload, context) => bytes`);
    const running = this.resolve(actor);
    const key = running.checked.publicKey;
    this.links.set(linkKey(key, contractId, options.linkName || 'default'), { provider, values: { ...(options.values ?? {}) } });
    running.runtime.reconsider(this.hasAsyncLink(key));
  }

  unlink(actor: string, contractId: string, linkName?: string): void {
    const running = this.resolve(actor);
    const key = running.checked.publicKey;
    this.links.delete(linkKey(key, contractId, linkName || 'default'));
    running.runtime.reconsider(this.hasAsyncLink(key));
  }

  /** The dispatch rule: an actor linked to a provider not flagged `synchronous` runs in worker threads. */
  private hasAsyncLink(actorKey: string): boolean {
    const prefix = `${actorKey}\0`;
    for (const [key, link] of this.links) if (key.startsWith(prefix) && link.provider.synchronous !== true) return true;
    return false;
  }

  /** Invokes operation (verbatim) on the actor. Resolves with the reply bytes (empty when none). */
  async call(actor: string, operation: string, payload: Payload = empty, options: { timeoutMs?: number } = {}): Promise<Payload> {
    this.assertOpen();
    const running = this.resolve(actor);
    if (!(payload instanceof Uint8Array)) throw new HostUserError(`call ${operation}: the payload must be bytes (Uint8Array)`);
    if (typeof operation !== 'string' || operation === '')
      throw new HostUserError(`call: the operation must be a non-empty string, e.g. HttpServer.HandleRequest`);
    if (payload.length > this.maxPayloadBytes) {
      throw new HostUserError(
        `call ${operation}: the payload of ${payload.length} bytes exceeds the host's limit of ${this.maxPayloadBytes} bytes (raise maxPayloadBytes)`,
      );
    }
    const timeoutMs = positive(options.timeoutMs, this.timeoutMs, 'timeoutMs');
    const outcome = running.runtime.call(encoder.encode(operation), payload, timeoutMs);
    return this.settle(running, operation, timeoutMs, isPromise(outcome) ? await outcome : outcome);
  }

  private settle(running: RunningActor, operation: string, timeoutMs: number, outcome: Outcome): Payload {
    switch (outcome.kind) {
      case 'ok':
        return outcome.payload;
      case 'error':
        throw new GuestError(outcome.message);
      case 'trap':
        throw new GuestError(`${running.checked.name}: ${operation} trapped (${outcome.message}); the instance was discarded`);
      case 'timeout':
        throw new CallTimeoutError(
          `${RPC_TIMEOUT_ERROR}: ${running.checked.name} did not answer ${operation} within ${timeoutMs} ms; the instance was discarded`,
        );
      case 'crash':
        throw new GuestError(`${running.checked.name}: ${operation} failed: ${outcome.message}`);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const a of this.running.values()) a.runtime.stop();
    this.running.clear();
    this.links.clear();
    const spare = this.spare;
    this.spare = undefined;
    if (spare) await spare.worker.terminate();
  }

  private assertOpen(): void {
    if (this.closed) throw new HostUserError('the host is closed');
  }

  private get capacity(): number {
    return instanceCapacity(this.maxPayloadBytes);
  }

  private newWorker(): WorkerInstance {
    return new WorkerInstance({ capacity: this.capacity, resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 } });
  }

  /** A worker booted ahead of time, so starting an actor does not wait for a thread to boot. */
  private takeWorker(): WorkerInstance {
    let worker = this.spare;
    this.spare = undefined;
    if (!worker || worker.dead) worker = this.newWorker();
    if (!this.closed) this.spare = this.newWorker();
    return worker;
  }

  /** key, claims name or call alias */
  private resolve(actor: string): RunningActor {
    const byKey = this.running.get(actor);
    if (byKey) return byKey;
    for (const a of this.running.values()) if (a.checked.callAlias === actor) return a;
    for (const a of this.running.values()) if (a.checked.name === actor) return a;
    throw new HostUserError(`no actor '${actor}' is running in this host (give its public key, name or call alias)`);
  }

  private hooksFor(checked: CheckedActor): InstanceHooks {
    return {
      log: (text) => this.emit(checked, 'info', text),
      hostCall: (request) => this.hostCall(checked, request),
    };
  }

  private syncHooksFor(checked: CheckedActor): SyncHooks {
    return {
      log: (text) => this.emit(checked, 'info', text),
      hostCallSync: (request) => this.hostCallSync(checked, request),
    };
  }

  private emit(checked: CheckedActor, level: LogLevel, text: string): void {
    try {
      this.logSink({ actor: checked.name, level, text });
    } catch {
      // A failing log sink must not fail the actor's call.
    }
  }

  /** otp imports.ex: builtins, then a link, then an `M…` key, then a call alias; claims checked after. */
  private hostCall(caller: CheckedActor, request: HostCallRequest): HostCallResult | Promise<HostCallResult> {
    const { binding, namespace, operation, payload } = request;
    if (namespace === BUILTIN_LOGGING || namespace === BUILTIN_NUMBERGEN) {
      if (!caller.caps.includes(namespace)) return { ok: false, error: `Invocation not authorized: missing capability claim for ${namespace}` };
      if (namespace === BUILTIN_NUMBERGEN) return numbergen(operation, payload);
      return logging(operation, payload, (level, text) => this.emit(caller, level, text));
    }
    const link = this.links.get(linkKey(caller.publicKey, namespace, binding));
    if (link) {
      if (!caller.caps.includes(namespace)) return { ok: false, error: `Invocation not authorized: missing capability claim for ${namespace}` };
      return this.callProvider(caller, link, request);
    }
    let target: RunningActor | undefined;
    if (namespace.startsWith('M') && namespace.length === 56) {
      target = this.running.get(namespace);
      // On a lattice nobody answers for an actor that is not running: the caller sees a timeout.
      if (!target && this.remoteActor) {
        return this.remoteActor({ publicKey: caller.publicKey, name: caller.name }, namespace, operation, payload).then(
          (reply): HostCallResult => ({ ok: true, payload: reply }),
          (e: Error): HostCallResult => ({ ok: false, error: e?.message ?? String(e) }),
        );
      }
      if (!target) return { ok: false, error: RPC_TIMEOUT_ERROR };
    } else {
      target = [...this.running.values()].find((a) => a.checked.callAlias === namespace);
    }
    if (!target) return { ok: false, error: `Call alias not found: ${namespace} on ${this.lattice}` };
    return this.callActor(target, operation, payload);
  }

  /**
   * hostCall for an actor running in this thread: the same resolution and errors, but a target that
   * can only answer asynchronously (a provider not flagged synchronous, the lattice, an actor on
   * the worker path) is not called: NEEDS_ASYNC moves the caller to a worker.
   */
  private hostCallSync(caller: CheckedActor, request: HostCallRequest): HostCallResult | typeof NEEDS_ASYNC {
    const { binding, namespace, operation, payload } = request;
    if (namespace === BUILTIN_LOGGING || namespace === BUILTIN_NUMBERGEN) return this.hostCall(caller, request) as HostCallResult;
    const link = this.links.get(linkKey(caller.publicKey, namespace, binding));
    if (link) {
      if (!caller.caps.includes(namespace)) return { ok: false, error: `Invocation not authorized: missing capability claim for ${namespace}` };
      if (link.provider.synchronous !== true) return NEEDS_ASYNC;
      const answer = this.callProvider(caller, link, request);
      if (!isPromise(answer)) return answer;
      answer.catch(() => undefined);
      return { ok: false, error: `the provider linked for ${namespace} (link ${binding || 'default'}) is flagged synchronous but returned a Promise` };
    }
    let target: RunningActor | undefined;
    if (namespace.startsWith('M') && namespace.length === 56) {
      target = this.running.get(namespace);
      if (!target && this.remoteActor) return NEEDS_ASYNC;
      if (!target) return { ok: false, error: RPC_TIMEOUT_ERROR };
    } else {
      target = [...this.running.values()].find((a) => a.checked.callAlias === namespace);
    }
    if (!target) return { ok: false, error: `Call alias not found: ${namespace} on ${this.lattice}` };
    const outcome = target.runtime.callSync(encoder.encode(operation), payload, this.timeoutMs);
    if (outcome.kind === 'async') return NEEDS_ASYNC;
    return outcomeResult(outcome);
  }

  private callProvider(caller: CheckedActor, link: Link, request: HostCallRequest): HostCallResult | Promise<HostCallResult> {
    const context = {
      actor: caller.publicKey,
      actorName: caller.name,
      contractId: request.namespace,
      linkName: request.binding || 'default',
      values: { ...link.values },
    };
    const answer = link.provider(request.operation, request.payload, context);
    if (!isPromise(answer)) return providerResult(answer);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<HostCallResult>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, error: RPC_TIMEOUT_ERROR }), this.timeoutMs);
    });
    return Promise.race([answer.then(providerResult), expired]).finally(() => clearTimeout(timer));
  }

  private callActor(target: RunningActor, operation: string, payload: Uint8Array): HostCallResult | Promise<HostCallResult> {
    const outcome = target.runtime.call(encoder.encode(operation), payload, this.timeoutMs);
    return isPromise(outcome) ? outcome.then(outcomeResult) : outcomeResult(outcome);
  }
}

function outcomeResult(o: Outcome): HostCallResult {
  switch (o.kind) {
    case 'ok':
      return { ok: true, payload: o.payload };
    case 'timeout':
      return { ok: false, error: RPC_TIMEOUT_ERROR };
    default:
      return { ok: false, error: o.message };
  }
}

function providerResult(value: unknown): HostCallResult {
  if (value === undefined || value === null) return { ok: true, payload: empty };
  if (value instanceof Uint8Array) return { ok: true, payload: value };
  return { ok: false, error: `the provider answered ${typeof value}, not bytes (Uint8Array)` };
}

function linkKey(actor: string, contractId: string, linkName: string): string {
  return `${actor}\0${contractId}\0${linkName}`;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new HostUserError(`${name} must be a positive number, got ${value}`);
  return value;
}
