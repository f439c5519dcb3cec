import { EventEmitter } from 'node:events';
import { decodeReply, encodeCallData, parseJsonData, DecodedReply } from '../actor-session';
import { doubleFor } from '../doubles';
import { HostUserError } from '../errors';
import { checkTestOptions, callForTestResults, formatTestResults, TESTING_START, TestReport } from '../test-run';
import { encodeTestOptions } from '../test-results';
import type { ActorInfo, Provider } from '../types';
import type { DashboardTarget } from './target';

export interface ActorView extends ActorInfo {
  calls: number;
  errors: number;
}
export interface LinkView {
  actorId: string;
  contractId: string;
  linkName: string;
  /** 'double' (in-memory, in this host) or the provider key (V…) on the lattice. */
  provider: string;
}
export interface ProviderView {
  publicKey: string;
  linkName: string;
  contractId: string;
  name?: string;
  health: 'healthy' | 'unhealthy' | 'unknown';
  message?: string;
}
export interface DashboardState {
  host: { hostId: string; lattice: string; startedAt: string };
  actors: ActorView[];
  providers: ProviderView[];
  links: LinkView[];
}

const doubleKey = (actor: string, contract: string, link: string) => `${actor}\0${contract}\0${link}`;

/**
 * The dashboard's actions and state over a DashboardTarget; HTTP-free so every action is one
 * function. Emits 'changed' after anything that alters the state and 'log' for lines to show.
 */
export class DashboardController extends EventEmitter {
  readonly #target: DashboardTarget;
  readonly #counts = new Map<string, { calls: number; errors: number }>();
  readonly #doubles = new Map<string, LinkView>();
  /** One double per contract, shared by every actor linked to it and kept over restarts, as a provider in a lattice. */
  readonly #doubleProviders = new Map<string, Provider>();
  readonly #health = new Map<string, { healthy: boolean; message?: string }>();
  readonly #onEvent = (e: { type: string; data: unknown }) => this.onTargetEvent(e);

  constructor(target: DashboardTarget) {
    super();
    this.#target = target;
    target.on?.('event', this.#onEvent);
  }

  detach(): void {
    this.#target.off?.('event', this.#onEvent);
  }

  private onTargetEvent(e: { type: string; data: unknown }): void {
    const d = (e.data ?? {}) as { actor?: string; error?: string };
    if (e.type === 'invocation_succeeded' || e.type === 'invocation_failed') {
      if (d.actor) this.count(d.actor, e.type === 'invocation_failed');
    } else {
      this.emit('log', { actor: 'host', level: 'info', text: `event ${e.type}` });
      // A new provider's health is shown as soon as it answers, not at the next periodic check.
      if (e.type === 'provider_started') void this.refreshHealth().catch(() => undefined);
    }
    this.emit('changed');
  }

  private count(actor: string, failed: boolean): void {
    const c = this.#counts.get(actor) ?? { calls: 0, errors: 0 };
    c.calls += 1;
    if (failed) c.errors += 1;
    this.#counts.set(actor, c);
  }

  state(): DashboardState {
    const t = this.#target;
    const actors = t.actors().map((a) => ({ ...a, calls: this.#counts.get(a.publicKey)?.calls ?? 0, errors: this.#counts.get(a.publicKey)?.errors ?? 0 }));
    const lattice = (t.links?.() ?? []).map((l) => ({ actorId: l.actor_id, contractId: l.contract_id, linkName: l.link_name, provider: l.provider_id }));
    const providers = (t.providers?.() ?? []).map((p) => {
      const h = this.#health.get(`${p.publicKey}\0${p.linkName}`);
      return { ...p, health: h ? (h.healthy ? 'healthy' : 'unhealthy') : 'unknown', message: h?.message } as ProviderView;
    });
    return {
      host: { hostId: t.hostId, lattice: t.lattice, startedAt: t.startedAt.toISOString() },
      actors,
      providers,
      links: [...lattice, ...this.#doubles.values()],
    };
  }

  /** Asks each lattice provider for its health; the answers show in the next state. */
  async refreshHealth(): Promise<void> {
    const t = this.#target;
    if (!t.providerHealth || !t.providers) return;
    for (const p of t.providers()) {
      const h = await t.providerHealth(p.publicKey, p.linkName).catch((e) => ({ healthy: false, message: (e as Error).message }));
      this.#health.set(`${p.publicKey}\0${p.linkName}`, h);
    }
    this.emit('changed');
  }

  private async act<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      // The page shows the refusal beside the form; the log keeps it for whoever looks later.
      this.emit('log', { actor: 'host', level: 'warn', text: `${what}: ${(e as Error).message ?? String(e)}` });
      throw e;
    } finally {
      this.emit('changed');
    }
  }

  /** Claims are checked by the host exactly as for any start. */
  startActor(source: string | Uint8Array): Promise<ActorInfo> {
    return this.act('start refused', async () => {
      const info = await this.#target.startActor(source);
      // Double links of an actor that was stopped and started again come back with it.
      for (const l of this.#doubles.values()) if (l.actorId === info.publicKey) this.linkDouble(l);
      this.emit('log', { actor: 'host', level: 'info', text: `started ${info.name} (${info.publicKey})` });
      return info;
    });
  }

  updateActor(actor: string, source: string | Uint8Array): Promise<ActorInfo> {
    return this.act('update refused', async () => {
      const info = await this.#target.updateActor(actor, source);
      this.emit('log', { actor: 'host', level: 'info', text: `updated ${info.name} to revision ${info.revision ?? 0}` });
      return info;
    });
  }

  stopActor(actor: string): Promise<void> {
    return this.act('stop failed', async () => {
      await this.#target.stopActor(actor);
      this.emit('log', { actor: 'host', level: 'info', text: `stopped ${actor}` });
    });
  }

  private linkDouble(l: LinkView): void {
    const provider = this.#doubleProviders.get(l.contractId) ?? doubleFor(l.contractId);
    if (provider) this.#doubleProviders.set(l.contractId, provider);
    if (!provider)
      throw new HostUserError(`link ${l.contractId}: there is no in-memory double for this contract (doubles: wasmcloud:keyvalue, wasmcloud:messaging)`);
    this.#target.host.link(l.actorId, l.contractId, provider, { linkName: l.linkName });
  }

  /** provider 'double': the in-memory double in this host; a V… key: a link definition on the lattice. */
  putLink(link: { actorId?: unknown; contractId?: unknown; linkName?: unknown; provider?: unknown; values?: unknown }): Promise<void> {
    return this.act('link refused', async () => {
      const actorId = str(link.actorId, 'actorId');
      const contractId = str(link.contractId, 'contractId');
      const linkName = typeof link.linkName === 'string' && link.linkName !== '' ? link.linkName : 'default';
      const provider = typeof link.provider === 'string' && link.provider !== '' ? link.provider : 'double';
      const actor = this.#target.actors().find((a) => a.publicKey === actorId || a.name === actorId || a.callAlias === actorId);
      if (!actor) throw new HostUserError(`link: no actor '${actorId}' is running in this host`);
      if (provider === 'double') {
        const view = { actorId: actor.publicKey, contractId, linkName, provider: 'double' };
        this.linkDouble(view);
        this.#doubles.set(doubleKey(actor.publicKey, contractId, linkName), view);
      } else {
        if (!this.#target.putLink) throw new HostUserError('link: this host has no lattice; link to the in-memory double (provider "double")');
        const values = (link.values && typeof link.values === 'object' ? link.values : {}) as Record<string, string>;
        await this.#target.putLink({ actor_id: actor.publicKey, provider_id: provider, contract_id: contractId, link_name: linkName, values });
      }
      this.emit('log', { actor: 'host', level: 'info', text: `linked ${actor.name} ${contractId} (${linkName}) to ${provider}` });
    });
  }

  deleteLink(link: { actorId?: unknown; contractId?: unknown; linkName?: unknown }): Promise<void> {
    return this.act('unlink failed', async () => {
      const actorId = str(link.actorId, 'actorId');
      const contractId = str(link.contractId, 'contractId');
      const linkName = typeof link.linkName === 'string' && link.linkName !== '' ? link.linkName : 'default';
      const key = doubleKey(actorId, contractId, linkName);
      if (this.#doubles.delete(key)) {
        if (this.#target.actors().some((a) => a.publicKey === actorId)) this.#target.host.unlink(actorId, contractId, linkName);
      } else if (this.#target.deleteLink) {
        await this.#target.deleteLink(actorId, contractId, linkName);
      }
      this.emit('log', { actor: 'host', level: 'info', text: `unlinked ${actorId} ${contractId} (${linkName})` });
    });
  }

  /** JSON input sent as msgpack (as `call`), the reply decoded as `call` decodes it. */
  invoke(request: { actor?: unknown; operation?: unknown; data?: unknown }): Promise<DecodedReply> {
    return this.act('invoke failed', async () => {
      const actor = this.findActor(str(request.actor, 'actor'));
      const operation = str(request.operation, 'operation');
      const text = typeof request.data === 'string' ? request.data.trim() : '';
      const payload = encodeCallData(text === '' ? undefined : parseJsonData(text, 'the input'));
      try {
        const reply = await this.#target.host.call(actor.publicKey, operation, payload);
        this.count(actor.publicKey, false);
        return decodeReply(reply);
      } catch (e) {
        this.count(actor.publicKey, true);
        throw e;
      }
    });
  }

  /** Testing.Start with test options, reported as `call --test` reports it. */
  runTests(request: { actor?: unknown; options?: unknown }): Promise<TestReport> {
    return this.act('Testing.Start failed', async () => {
      const actor = this.findActor(str(request.actor, 'actor'));
      const text = typeof request.options === 'string' ? request.options.trim() : '';
      const options = checkTestOptions(text === '' ? {} : parseJsonData(text, 'the test options'), 'the test options');
      try {
        const results = await callForTestResults(this.#target.host, actor.publicKey, TESTING_START, encodeTestOptions(options));
        this.count(actor.publicKey, false);
        return formatTestResults(results);
      } catch (e) {
        this.count(actor.publicKey, true);
        throw e;
      }
    });
  }

  private findActor(actor: string): ActorInfo {
    const info = this.#target.actors().find((a) => a.publicKey === actor || a.name === actor || a.callAlias === actor);
    if (!info) throw new HostUserError(`no actor '${actor}' is running in this host`);
    return info;
  }
}

function str(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new HostUserError(`${field} is required`);
  return value.trim();
}
