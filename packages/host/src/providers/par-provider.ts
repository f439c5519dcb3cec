import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { decode, encode } from '@msgpack/msgpack';
import { HostUserError } from '../errors';
import type { LatticeHost, LatticeProvider } from '../lattice/lattice-host';
import { encodeLinkDefinition, LinkDefinition, providerEntity } from '../lattice/envelopes';
import { rpcSubject } from '../lattice/urls';
import type { LogEntry } from '../types';
import { encodeHostData, HostData, natsHostPort } from './host-data';

/** Timings and limits of a provider process; every one has a default a host would use. */
export interface ProviderSupervision {
  /** First health check this long after each start, early so a provider that never comes up is found soon; default 2000. */
  firstHealthCheckMs?: number;
  /** Health checks once healthy; default 30000 (otp's interval). */
  healthIntervalMs?: number;
  /** A provider not healthy this long after its start is reported (one line); default 15000. */
  healthyWithinMs?: number;
  /** Time a health request may take; default 2000. */
  healthTimeoutMs?: number;
  /** After the shutdown request, how long before the process is killed; default 5000. */
  shutdownGraceMs?: number;
  /** Restarts after unexpected exits before giving up; default 5. */
  maxRestarts?: number;
  /** First restart delay, doubled each time up to 30 s; default 500. */
  restartBackoffMs?: number;
  /** A run this long resets the restart count (a crash a day is not a crash loop); default 60000. */
  stableAfterMs?: number;
}

export interface ParProviderSpec extends ProviderSupervision {
  host: LatticeHost;
  binary: string;
  publicKey: string;
  contractId: string;
  linkName: string;
  name: string;
  configJson?: string;
  env?: Record<string, string>;
  defaultRpcTimeoutMs?: number;
  structuredLogging?: boolean;
  log?: (entry: LogEntry) => void;
}

export interface ProviderHealth {
  healthy: boolean;
  message?: string;
}

const defaultLog = (entry: LogEntry) => process.stderr.write(`${entry.actor}: ${entry.text}\n`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/**
 * A capability provider running as a child process, supervised as a host does it (otp
 * `provider_module.ex`): HostData on stdin, its output forwarded line by line to the host log,
 * health checked on its `.health` subject, restarted with backoff when it exits on its own, and
 * stopped with a `.shutdown` request, then killed after a grace period.
 */
export class ParProvider implements LatticeProvider {
  readonly publicKey: string;
  readonly linkName: string;
  readonly contractId: string;
  readonly name: string;
  readonly binary: string;
  readonly #spec: ParProviderSpec;
  readonly #log: (entry: LogEntry) => void;
  readonly #subject: string;
  #child?: ChildProcess;
  #exited?: Promise<void>;
  #instanceId = '';
  #startedAt = 0;
  #restarts = 0;
  #healthy = false;
  #lastHealth = 'no health check yet';
  #reportedUnhealthy = false;
  #gaveUp?: string;
  #sentLinks: LinkDefinition[] = [];
  #timer?: NodeJS.Timeout;
  #waiters = new Set<() => void>();
  #stopping?: Promise<void>;

  constructor(spec: ParProviderSpec) {
    this.#spec = spec;
    this.publicKey = spec.publicKey;
    this.linkName = spec.linkName;
    this.contractId = spec.contractId;
    this.name = spec.name;
    this.binary = spec.binary;
    this.#log = spec.log ?? defaultLog;
    this.#subject = rpcSubject(spec.host.lattice, providerEntity(spec.publicKey, spec.contractId, spec.linkName));
  }

  /** The running process id (a new one after each restart); undefined while none runs. */
  get pid(): number | undefined {
    return this.#child?.exitCode === null && this.#child.signalCode === null ? this.#child.pid : undefined;
  }
  get restarts(): number {
    return this.#restarts;
  }
  get instanceId(): string {
    return this.#instanceId;
  }
  get healthy(): boolean {
    return this.#healthy;
  }
  /** `wasmbus.rpc.<lattice>.<key>.<link>`: the invocation subject; health, linkdefs and shutdown hang off it. */
  get subject(): string {
    return this.#subject;
  }

  private say(level: LogEntry['level'], text: string): void {
    try {
      this.#log({ actor: this.name, level, text });
    } catch {
      // A failing log sink must not take the provider down.
    }
  }

  private event(type: string, data: Record<string, unknown> = {}): void {
    this.#spec.host.emit('event', {
      type,
      data: { public_key: this.publicKey, link_name: this.linkName, contract_id: this.contractId, host_id: this.#spec.host.hostId, ...data },
    });
  }

  private hostData(): HostData {
    const h = this.#spec.host;
    this.#sentLinks = h.links().filter((ld) => ld.provider_id === this.publicKey && ld.link_name === this.linkName && ld.contract_id === this.contractId);
    const data: HostData = {
      host_id: h.hostId,
      lattice_rpc_prefix: h.lattice,
      lattice_rpc_url: natsHostPort(h.natsUrl),
      provider_key: this.publicKey,
      link_name: this.linkName,
      invocation_seed: h.clusterSeed,
      cluster_issuers: [...h.clusterIssuers],
      env_values: { ...(this.#spec.env ?? {}) },
      link_definitions: this.#sentLinks,
      instance_id: this.#instanceId,
      structured_logging: this.#spec.structuredLogging ?? false,
    };
    if (this.#spec.configJson !== undefined) data.config_json = this.#spec.configJson;
    if (this.#spec.defaultRpcTimeoutMs !== undefined) data.default_rpc_timeout_ms = this.#spec.defaultRpcTimeoutMs;
    return data;
  }

  /** Starts the process (first start or a restart) and schedules its health checks. */
  start(): void {
    this.#instanceId = randomUUID();
    this.#startedAt = Date.now();
    this.#healthy = false;
    this.#reportedUnhealthy = false;
    this.#lastHealth = 'no health check yet';
    // A small, explicit environment: the provider gets what it needs to run, not the host's secrets.
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TMPDIR: process.env.TMPDIR,
      RUST_LOG: process.env.RUST_LOG ?? 'info',
      ...(this.#spec.env ?? {}),
    };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    const child = spawn(this.binary, [], { stdio: ['pipe', 'pipe', 'pipe'], env });
    this.#child = child;
    this.#exited = new Promise<void>((resolve) => {
      child.once('error', (e) => {
        this.say('error', `cannot start ${this.binary}: ${e.message}`);
        resolve();
        this.onExit(child, null, null);
      });
      child.once('exit', (code, signal) => {
        resolve();
        this.onExit(child, code, signal);
      });
    });
    // The provider may exit before reading stdin; that is reported as an exit, not a write error.
    child.stdin?.on('error', () => undefined);
    child.stdin?.write(encodeHostData(this.hostData()));
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.say('info', line));
    }
    this.event('provider_process_started', { instance_id: this.#instanceId, pid: child.pid });
    this.schedule(this.#spec.firstHealthCheckMs ?? 2000);
  }

  private schedule(ms: number): void {
    clearTimeout(this.#timer);
    if (this.#stopping) return;
    this.#timer = setTimeout(() => void this.checkHealth(), ms);
    this.#timer.unref();
  }

  /** One health request on `<subject>.health` (msgpack HealthCheckRequest, reply `{healthy, message?}`). */
  async health(): Promise<ProviderHealth> {
    try {
      const reply = await this.#spec.host.nats.request(`${this.#subject}.health`, encode({}), { timeout: this.#spec.healthTimeoutMs ?? 2000 });
      const r = decode(reply.data) as { healthy?: unknown; message?: unknown };
      if (typeof r !== 'object' || r === null || typeof r.healthy !== 'boolean')
        return { healthy: false, message: 'the health reply is not a msgpack {healthy, message}' };
      return typeof r.message === 'string' ? { healthy: r.healthy, message: r.message } : { healthy: r.healthy };
    } catch (e) {
      const name = (e as Error).name;
      const why =
        name === 'TimeoutError' || name === 'NoRespondersError' || /timeout|no responders/i.test((e as Error).message)
          ? `no answer on ${this.#subject}.health`
          : (e as Error).message;
      return { healthy: false, message: why };
    }
  }

  private async checkHealth(): Promise<void> {
    const child = this.#child;
    if (this.#stopping || !child || this.pid === undefined) return;
    const h = await this.health();
    if (this.#stopping || child !== this.#child) return;
    this.#lastHealth = h.message ?? (h.healthy ? 'healthy' : 'unhealthy');
    const wasHealthy = this.#healthy;
    this.#healthy = h.healthy;
    if (h.healthy) {
      if (!wasHealthy) {
        this.event('health_check_passed');
        this.syncLinks();
        for (const wake of this.#waiters) wake();
      }
      this.schedule(this.#spec.healthIntervalMs ?? 30000);
      return;
    }
    if (wasHealthy) {
      this.say('warn', `health check failed: ${this.#lastHealth}`);
      this.event('health_check_failed', { message: this.#lastHealth });
    }
    const within = this.#spec.healthyWithinMs ?? 15000;
    if (!wasHealthy && !this.#reportedUnhealthy && Date.now() - this.#startedAt >= within) {
      this.#reportedUnhealthy = true;
      this.say('error', this.unhealthyLine(within));
      this.event('health_check_failed', { message: this.#lastHealth });
      for (const wake of this.#waiters) wake();
    }
    // Until it is healthy, ask often; afterwards at the normal interval.
    this.schedule(this.#healthy || this.#reportedUnhealthy ? (this.#spec.healthIntervalMs ?? 30000) : 250);
  }

  private unhealthyLine(within: number): string {
    return `provider ${this.name} (${this.publicKey}, link ${this.linkName}) did not become healthy within ${within} ms: ${this.#lastHealth}`;
  }

  /**
   * Links put or deleted between the HostData snapshot and the provider's subscriptions were
   * published to nobody: once it answers, it gets the difference.
   */
  private syncLinks(): void {
    const h = this.#spec.host;
    const key = (ld: LinkDefinition) => `${ld.actor_id}\0${ld.contract_id}\0${ld.link_name}`;
    const now = h.links().filter((ld) => ld.provider_id === this.publicKey && ld.link_name === this.linkName && ld.contract_id === this.contractId);
    const sent = new Set(this.#sentLinks.map(key));
    const current = new Set(now.map(key));
    for (const ld of now) if (!sent.has(key(ld))) h.nats.publish(`${this.#subject}.linkdefs.put`, encodeLinkDefinition(ld));
    for (const ld of this.#sentLinks) if (!current.has(key(ld))) h.nats.publish(`${this.#subject}.linkdefs.del`, encodeLinkDefinition(ld));
    this.#sentLinks = now;
  }

  /** Resolves once the provider answers its health check; rejects with one line when it does not in time or gave up. */
  waitHealthy(timeoutMs = this.#spec.healthyWithinMs ?? 15000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    return new Promise<void>((resolve, reject) => {
      // eslint-disable-next-line prefer-const -- check() may run (and clear it) before it is set
      let timer: NodeJS.Timeout | undefined;
      const check = () => {
        if (this.#healthy) done(() => resolve());
        else if (this.#gaveUp) done(() => reject(new HostUserError(this.#gaveUp!)));
        else if (this.#stopping) done(() => reject(new HostUserError(`provider ${this.name} (${this.publicKey}) was stopped before it became healthy`)));
        else if (Date.now() >= deadline) done(() => reject(new HostUserError(this.unhealthyLine(timeoutMs))));
      };
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        settle();
      };
      this.#waiters.add(check);
      timer = setTimeout(check, Math.max(0, deadline - Date.now()));
      timer.unref();
      check();
    });
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.#child || this.#stopping) return;
    this.#healthy = false;
    clearTimeout(this.#timer);
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (Date.now() - this.#startedAt >= (this.#spec.stableAfterMs ?? 60000)) this.#restarts = 0;
    const max = this.#spec.maxRestarts ?? 5;
    this.event('provider_exited', { instance_id: this.#instanceId, code, signal });
    if (this.#restarts >= max) {
      this.#gaveUp = `provider ${this.name} (${this.publicKey}, link ${this.linkName}) exited (${how}) after ${max} restarts; not restarting it again`;
      this.say('error', this.#gaveUp);
      for (const wake of this.#waiters) wake();
      return;
    }
    const delay = Math.min(30000, (this.#spec.restartBackoffMs ?? 500) * 2 ** this.#restarts);
    this.#restarts += 1;
    this.say('warn', `provider exited (${how}); restarting in ${delay} ms (restart ${this.#restarts} of ${max})`);
    void sleep(delay).then(() => {
      if (this.#stopping || child !== this.#child) return;
      this.event('provider_restarted', { restart: this.#restarts });
      this.start();
    });
  }

  /** The `.shutdown` request (JSON {"host_id"}), then SIGKILL after the grace period; idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= this.shutdown();
    return this.#stopping;
  }

  private async shutdown(): Promise<void> {
    clearTimeout(this.#timer);
    for (const wake of this.#waiters) wake();
    const child = this.#child;
    if (child && this.pid !== undefined) {
      const grace = this.#spec.shutdownGraceMs ?? 5000;
      const nats = this.#spec.host.nats;
      if (!nats.isClosed()) {
        nats.publish(`${this.#subject}.shutdown`, new TextEncoder().encode(JSON.stringify({ host_id: this.#spec.host.hostId })));
        await nats.flush().catch(() => undefined);
      }
      const exited = await Promise.race([this.#exited!.then(() => true), sleep(grace).then(() => false)]);
      if (!exited) {
        this.say('warn', `did not exit within ${grace} ms of the shutdown request; killing it`);
        child.kill('SIGKILL');
        await this.#exited;
      }
    }
    child?.stdin?.destroy();
    this.#healthy = false;
    // Removed from the host's registry too when stopped directly (unregister finds it gone otherwise).
    void this.#spec.host.unregisterProvider(this.publicKey, this.linkName).catch(() => undefined);
  }
}
