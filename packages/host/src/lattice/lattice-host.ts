import { EventEmitter } from 'node:events';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { decodeJwt, KeyPair } from '@nx-wasmcloud/wascap';
import { GuestError, HostUserError } from '../errors';
import { DEFAULT_MAX_PAYLOAD_BYTES, Host } from '../host';
import { ActorInfo, HostOptions, InvocationContext, LogEntry, Payload, Provider } from '../types';
import { invocationHash, signInvocation, validateInvocation, validateInvocationAsync } from './anti-forgery';
import { ChunkStore, needsChunking, responseObjectName } from './chunking';
import {
  actorEntity,
  decodeInvocation,
  encodeInvocationResponse,
  encodeLinkDefinition,
  EnvelopeError,
  Invocation,
  LinkDefinition,
  providerEntity,
} from './envelopes';
import { LatticeCache, LatticeCacheUnavailable, LinkChange, linkdefId } from './lattice-cache';
import { connectNats, sendInvocation } from './rpc-client';
import { entityUrl, rpcSubject, targetUrl } from './urls';

export interface LatticeHostOptions extends HostOptions {
  /** 'nats://127.0.0.1:4222' or 'host:port'. */
  natsUrl: string;
  /** Default 'default'. */
  lattice?: string;
  /** SC…; made when absent (the CLI reads WASMCLOUD_CLUSTER_SEED, not the library). Never logged. */
  clusterSeed?: string;
  /** C… keys whose invocations are accepted; our own issuer is always among them. */
  clusterIssuers?: string[];
  /** SN…; made when absent. */
  hostSeed?: string;
  labels?: Record<string, string>;
}

export interface LatticeProvider {
  publicKey: string;
  linkName: string;
  contractId: string;
  name?: string;
  stop(): Promise<void>;
  health(): Promise<{ healthy: boolean; message?: string }>;
}

export interface LatticeEvent {
  type: string;
  data: unknown;
}

const empty = new Uint8Array(0);

function keyFrom(seed: string | undefined, role: 'cluster' | 'server', what: string): KeyPair {
  if (seed === undefined) return KeyPair.create(role);
  try {
    return KeyPair.fromSeed(seed, role);
  } catch (e) {
    throw new HostUserError(`${what}: ${(e as Error).message}`);
  }
}

/**
 * A wasmCloud host on a NATS lattice, wrapping the embedded Host: each actor is served on
 * `wasmbus.rpc.<lattice>.<actor key>` with the subject as queue group (so hosts running the same
 * actor share the load, as the Rust host's `queue_subscribe(topic, topic)`), every incoming
 * invocation is checked (anti-forgery, target, origin caps, size) before it runs, and link
 * definitions to providers on the lattice become `Provider` functions that send signed invocations.
 */
export class LatticeHost extends EventEmitter {
  readonly host: Host;
  readonly hostId: string;
  readonly lattice: string;
  readonly clusterIssuer: string;
  readonly clusterIssuers: readonly string[];
  readonly natsUrl: string;
  readonly nats: NatsConnection;
  readonly labels: Record<string, string>;
  readonly startedAt = new Date();
  readonly #clusterKey: KeyPair;
  readonly #chunks: ChunkStore;
  readonly #subscriptions = new Map<string, Subscription>();
  /** The lattice's link definitions by otp's id (lattice-cache.ts), this host's actors or not. */
  readonly #links = new Map<string, LinkDefinition>();
  /** Per link id, the bucket's stream sequence of the last put or delete applied: an older one never overrides a newer. */
  readonly #linkSeq = new Map<string, number>();
  #cache?: LatticeCache;
  readonly #log: (entry: LogEntry) => void;
  readonly #providers = new Map<string, LatticeProvider>();
  readonly #maxPayloadBytes: number;
  readonly #timeoutMs: number;
  readonly #inflight = new Set<Promise<void>>();
  #closed = false;

  private constructor(options: LatticeHostOptions, nats: NatsConnection, clusterKey: KeyPair, hostKey: KeyPair) {
    super();
    this.lattice = options.lattice ?? 'default';
    this.#clusterKey = clusterKey;
    this.hostId = hostKey.publicKey;
    this.clusterIssuer = clusterKey.publicKey;
    this.clusterIssuers = [...new Set([clusterKey.publicKey, ...(options.clusterIssuers ?? [])])];
    this.natsUrl = options.natsUrl;
    this.nats = nats;
    this.labels = { ...(options.labels ?? {}) };
    this.#maxPayloadBytes = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    this.#timeoutMs = options.timeoutMs ?? 2000;
    this.#chunks = new ChunkStore(nats, this.lattice);
    this.#log = options.log ?? ((e: LogEntry) => process.stderr.write(`${e.actor}: ${e.text}\n`));
    this.host = new Host({
      ...options,
      lattice: this.lattice,
      remoteActor: (caller, target, operation, payload) => this.callRemoteActor(caller.publicKey, target, operation, payload),
    });
  }

  static async start(options: LatticeHostOptions): Promise<LatticeHost> {
    const clusterKey = keyFrom(options.clusterSeed, 'cluster', 'cluster seed');
    const hostKey = keyFrom(options.hostSeed, 'server', 'host seed');
    for (const issuer of options.clusterIssuers ?? []) {
      if (!/^C[A-Z2-7]{55}$/.test(issuer)) throw new HostUserError(`cluster issuer ${issuer}: expected a cluster public key (C…, 56 characters)`);
    }
    if (typeof options.natsUrl !== 'string' || options.natsUrl === '')
      throw new HostUserError('natsUrl is required: the NATS server of the lattice, e.g. nats://127.0.0.1:4222');
    const nats = await connectNats(options.natsUrl, { name: `nx-wasmcloud host ${hostKey.publicKey}` });
    let lh: LatticeHost;
    try {
      lh = new LatticeHost(options, nats, clusterKey, hostKey);
    } catch (e) {
      // A refused option (e.g. timeoutMs) must not leave the connection open.
      await nats.close();
      throw e;
    }
    try {
      await lh.openLinkCache();
    } catch (e) {
      await lh.close();
      throw e;
    }
    return lh;
  }

  /**
   * Joins the lattice's link definitions (JetStream bucket LATTICEDATA_<lattice>, as otp): the links
   * already there are applied before start resolves, later puts and deletes from any host or client
   * as they happen. Without JetStream the host keeps its links to itself, with one warning.
   */
  private async openLinkCache(): Promise<void> {
    try {
      this.#cache = await LatticeCache.open(this.nats, this.lattice, this.hostId, (c) => this.onLinkChange(c));
    } catch (e) {
      if (!(e instanceof LatticeCacheUnavailable)) throw e;
      this.#log({ actor: 'lattice', level: 'warn', text: `link definitions are kept in this host only: ${e.message}` });
    }
  }

  /** True when the change at `seq` is newer than what this host applied for that link. */
  private newer(id: string, seq: number): boolean {
    if (seq <= (this.#linkSeq.get(id) ?? 0)) return false;
    this.#linkSeq.set(id, seq);
    return true;
  }

  private onLinkChange(c: LinkChange): void {
    if (this.#closed || !this.newer(c.id, c.seq)) return;
    try {
      this.applyChange(c);
    } catch (e) {
      this.#log({ actor: 'lattice', level: 'error', text: `link definition ${c.id}: ${(e as Error).message}` });
    }
  }

  private applyChange(c: LinkChange): void {
    // A change written by one of our hosts has been announced by it (linkdef_set, the provider's
    // linkdefs.put); one from elsewhere (a control client writing the bucket itself, as the classic
    // control-interface client's kv module does) is passed on to the provider, as otp's loader does.
    const announce = !c.initial && c.writer === undefined;
    if (c.kind === 'put' && c.link) {
      const { id: _id, ...ld } = c.link;
      this.applyPut(c.id, ld);
      if (announce) this.publishToProvider(ld, 'put');
    } else if (c.kind === 'delete') {
      const ld = this.applyDelete(c.id);
      if (ld && announce) this.publishToProvider(ld, 'del');
    }
  }

  private applyPut(id: string, ld: LinkDefinition): void {
    this.#links.set(id, ld);
    if (this.host.actors().some((a) => a.publicKey === ld.actor_id)) {
      this.host.link(ld.actor_id, ld.contract_id, this.providerFor(ld), { linkName: ld.link_name, values: ld.values });
    }
  }

  private applyDelete(id: string): LinkDefinition | undefined {
    const ld = this.#links.get(id);
    if (!ld) return undefined;
    this.#links.delete(id);
    if (this.host.actors().some((a) => a.publicKey === ld.actor_id)) this.host.unlink(ld.actor_id, ld.contract_id, ld.link_name);
    return ld;
  }

  private publishToProvider(ld: LinkDefinition, op: 'put' | 'del'): void {
    try {
      this.nats.publish(`${rpcSubject(this.lattice, providerEntity(ld.provider_id, ld.contract_id, ld.link_name))}.linkdefs.${op}`, encodeLinkDefinition(ld));
    } catch {
      // The connection is closing.
    }
  }

  /** The cluster seed (SC…). A secret: for handing to providers (HostData.invocation_seed), never to logs. */
  get clusterSeed(): string {
    return this.#clusterKey.seed;
  }

  private emitEvent(type: string, data: unknown): void {
    this.emit('event', { type, data } satisfies LatticeEvent);
  }

  async startActor(source: string | Uint8Array, options: { instances?: number } = {}): Promise<ActorInfo> {
    this.assertOpen();
    const info = await this.host.startActor(source, options);
    this.serve(info.publicKey);
    this.applyLinks(info.publicKey);
    this.emitEvent('actor_started', { public_key: info.publicKey, host_id: this.hostId, claims: info });
    return info;
  }

  async stopActor(actor: string): Promise<void> {
    const info = this.findActor(actor);
    const sub = this.#subscriptions.get(info.publicKey);
    this.#subscriptions.delete(info.publicKey);
    // Drain first: invocations already delivered to us are answered, new ones go to other hosts.
    if (sub) await sub.drain().catch(() => undefined);
    await this.host.stopActor(info.publicKey);
    this.emitEvent('actor_stopped', { public_key: info.publicKey, host_id: this.hostId });
  }

  async updateActor(actor: string, source: string | Uint8Array): Promise<ActorInfo> {
    const info = await this.host.updateActor(actor, source);
    this.emitEvent('actor_updated', { public_key: info.publicKey, host_id: this.hostId, revision: info.revision });
    return info;
  }

  actors(): ActorInfo[] {
    return this.host.actors();
  }

  private findActor(actor: string): ActorInfo {
    const info = this.host.actors().find((a) => a.publicKey === actor || a.callAlias === actor || a.name === actor);
    if (!info) throw new HostUserError(`no actor '${actor}' is running in this host (give its public key, name or call alias)`);
    return info;
  }

  private serve(actorKey: string): void {
    const subject = rpcSubject(this.lattice, actorEntity(actorKey));
    const sub = this.nats.subscribe(subject, {
      queue: subject,
      callback: (err, msg) => {
        if (err) return;
        const p = this.answer(actorKey, msg).catch(() => undefined);
        this.#inflight.add(p);
        void p.finally(() => this.#inflight.delete(p));
      },
    });
    this.#subscriptions.set(actorKey, sub);
  }

  private async answer(actorKey: string, msg: Msg): Promise<void> {
    let id = '';
    let reply: Uint8Array;
    try {
      const inv = decodeInvocation(msg.data);
      id = inv.id;
      const body = await this.admit(actorKey, inv);
      const out = await this.host.call(actorKey, inv.operation, body);
      let sent = out;
      if (needsChunking(out.length)) {
        await this.#chunks.put(responseObjectName(inv.id), out);
        sent = empty;
      }
      reply = encodeInvocationResponse({ msg: sent, invocation_id: inv.id, content_length: out.length });
      if (this.listenerCount('event') > 0)
        this.emitEvent('invocation_succeeded', { invocation_id: inv.id, actor: actorKey, operation: inv.operation, bytes: out.length });
    } catch (e) {
      const error = errorText(e);
      reply = encodeInvocationResponse({ msg: empty, invocation_id: id, error, content_length: 0 });
      if (this.listenerCount('event') > 0) this.emitEvent('invocation_failed', { invocation_id: id, actor: actorKey, error });
    }
    msg.respond(reply);
  }

  /** Every check a host makes before an invocation runs; returns the body (from the object store when chunked). */
  private async admit(actorKey: string, inv: Invocation): Promise<Uint8Array> {
    // Alone, the signature is checked right here (a thread-pool hop would only add latency); with
    // other invocations in flight, in libuv's thread pool, so checks run on several cores while
    // this thread keeps answering.
    const forged = this.#inflight.size > 0 ? await validateInvocationAsync(inv, this.clusterIssuers) : validateInvocation(inv, this.clusterIssuers);
    if (forged) throw new Error(forged);
    if (inv.target.public_key !== actorKey)
      throw new Error(`Invocation target ${inv.target.public_key} is not the actor served on ${rpcSubject(this.lattice, actorEntity(actorKey))}`);
    if (inv.origin.contract_id !== '' && inv.origin.link_name !== '') {
      // otp actor_module.ex: a provider may only invoke an actor that claims its contract.
      const actor = this.host.actors().find((a) => a.publicKey === actorKey);
      if (actor && !actor.caps.includes(inv.origin.contract_id)) throw new Error(`Actor is missing the capability claim for "${inv.operation}"`);
    }
    if (inv.content_length > this.#maxPayloadBytes) {
      throw new Error(`Invocation content_length ${inv.content_length} exceeds this host's limit of ${this.#maxPayloadBytes} bytes`);
    }
    if (inv.content_length <= inv.msg.length) return inv.msg;
    const body = await this.#chunks.take(inv.id, inv.content_length);
    // otp skips the hash for a chunked body; we check it once the body is here, so a signed token
    // cannot be paired with someone else's object.
    const { claims } = decodeJwt(inv.encoded_claims);
    const hash = invocationHash(targetUrl(inv.target, inv.operation), entityUrl(inv.origin), inv.operation, body);
    const signedHash = (claims.wascap as { hash?: string }).hash;
    if (body.length !== inv.content_length || signedHash !== hash)
      throw new Error(`Invocation hash does not match signed claims hash (${signedHash} / ${hash})`);
    return body;
  }

  /** An actor-to-actor call whose target does not run here: a signed invocation over the lattice. */
  private async callRemoteActor(caller: string, target: string, operation: string, payload: Payload): Promise<Payload> {
    const invocation = signInvocation({
      clusterKey: this.#clusterKey,
      hostId: this.hostId,
      origin: actorEntity(caller),
      target: actorEntity(target),
      operation,
      msg: payload,
    });
    return sendInvocation({
      nc: this.nats,
      lattice: this.lattice,
      invocation,
      timeoutMs: this.#timeoutMs,
      chunks: this.#chunks,
      maxResponseBytes: this.#maxPayloadBytes,
    });
  }

  /** The Provider an actor's calls go to for a link whose provider is on the lattice. */
  private providerFor(ld: LinkDefinition): Provider {
    return (operation: string, payload: Payload, context: InvocationContext) => {
      const invocation = signInvocation({
        clusterKey: this.#clusterKey,
        hostId: this.hostId,
        origin: actorEntity(context.actor),
        target: providerEntity(ld.provider_id, ld.contract_id, ld.link_name),
        operation,
        msg: payload,
      });
      return sendInvocation({
        nc: this.nats,
        lattice: this.lattice,
        invocation,
        timeoutMs: this.#timeoutMs,
        chunks: this.#chunks,
        maxResponseBytes: this.#maxPayloadBytes,
      });
    };
  }

  private applyLinks(actorKey: string): void {
    for (const ld of this.#links.values()) {
      if (ld.actor_id === actorKey) this.host.link(actorKey, ld.contract_id, this.providerFor(ld), { linkName: ld.link_name, values: ld.values });
    }
  }

  /**
   * Stores the link in the lattice's bucket (every host of the lattice applies it), tells the
   * provider (linkdefs.put), and routes this host's actor's calls for it over NATS; in effect here
   * when it resolves.
   */
  async putLink(ld: LinkDefinition): Promise<void> {
    this.assertOpen();
    const clean: LinkDefinition = {
      actor_id: ld.actor_id,
      provider_id: ld.provider_id,
      link_name: ld.link_name || 'default',
      contract_id: ld.contract_id,
      values: { ...(ld.values ?? {}) },
    };
    if (!/^M[A-Z2-7]{55}$/.test(clean.actor_id)) throw new HostUserError(`link: actor ${clean.actor_id} is not an actor public key (M…)`);
    if (!/^V[A-Z2-7]{55}$/.test(clean.provider_id)) throw new HostUserError(`link: provider ${clean.provider_id} is not a provider public key (V…)`);
    if (!clean.contract_id) throw new HostUserError('link: the contract id is empty (e.g. wasmcloud:keyvalue)');
    const id = linkdefId(clean.actor_id, clean.contract_id, clean.link_name);
    if (this.#cache) {
      const seq = await this.#cache.put(clean, id).catch((e: Error) => {
        throw new HostUserError(`link: could not store it in the lattice's bucket: ${e.message}`);
      });
      // The watch may already have applied this put (or a later one): only a newer sequence applies.
      if (this.newer(id, seq)) this.applyPut(id, clean);
    } else {
      this.applyPut(id, clean);
    }
    this.publishToProvider(clean, 'put');
    await this.nats.flush();
    this.emitEvent('linkdef_set', { ...clean });
  }

  /**
   * Removes the link from the lattice's bucket (every host drops it) and tells the provider
   * (linkdefs.del). A link that is not there is not an error: deleting is idempotent, as in otp.
   */
  async deleteLink(actorId: string, contractId: string, linkName = 'default'): Promise<void> {
    await this.removeLink(actorId, contractId, linkName);
  }

  /**
   * deleteLink, resolving false, having changed nothing, when there is no such link (otp's
   * linkdefs/manager.ex `del_link_definition_by_triple` then only logs a warning).
   */
  async removeLink(actorId: string, contractId: string, linkName = 'default'): Promise<boolean> {
    this.assertOpen();
    const id = linkdefId(actorId, contractId, linkName || 'default');
    let ld = this.#links.get(id);
    // Not applied here yet is not "not there": a put acknowledged by another host may still be on
    // its way to this host's watch, so the bucket itself is asked (only on this path) before a
    // delete is taken as a no-op.
    if (!ld && this.#cache) {
      const stored = await this.#cache.get(id).catch((e: Error) => {
        throw new HostUserError(`link: could not read the lattice's bucket: ${e.message}`);
      });
      if (stored) {
        const { id: _id, ...rest } = stored;
        ld = rest;
      }
    }
    if (!ld) return false;
    if (this.#cache) {
      const seq = await this.#cache.delete(id).catch((e: Error) => {
        throw new HostUserError(`link: could not remove it from the lattice's bucket: ${e.message}`);
      });
      if (this.newer(id, seq)) this.applyDelete(id);
    } else {
      this.applyDelete(id);
    }
    this.publishToProvider(ld, 'del');
    await this.nats.flush();
    this.emitEvent('linkdef_deleted', { ...ld });
    return true;
  }

  links(): LinkDefinition[] {
    return [...this.#links.values()].map((ld) => ({ ...ld, values: { ...ld.values } }));
  }

  /** A provider served by a process or anything else on the lattice registers here. */
  registerProvider(p: LatticeProvider): void {
    this.#providers.set(`${p.publicKey}\0${p.linkName}`, p);
    this.emitEvent('provider_started', { public_key: p.publicKey, link_name: p.linkName, contract_id: p.contractId, host_id: this.hostId });
  }

  providers(): { publicKey: string; linkName: string; contractId: string; name?: string }[] {
    return [...this.#providers.values()].map(({ publicKey, linkName, contractId, name }) => ({ publicKey, linkName, contractId, name }));
  }

  async unregisterProvider(publicKey: string, linkName: string): Promise<void> {
    const key = `${publicKey}\0${linkName}`;
    const p = this.#providers.get(key);
    if (!p) return;
    this.#providers.delete(key);
    await p.stop();
    this.emitEvent('provider_stopped', { public_key: publicKey, link_name: linkName, contract_id: p.contractId, host_id: this.hostId });
  }

  private assertOpen(): void {
    if (this.#closed) throw new HostUserError('the lattice host is closed');
  }

  /** Stops providers, stops serving (answering what was delivered), closes the host and NATS; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const key of [...this.#providers.keys()]) {
      const [pk, link] = key.split('\0');
      await this.unregisterProvider(pk, link).catch(() => undefined);
    }
    await Promise.all([...this.#subscriptions.values()].map((s) => s.drain().catch(() => undefined)));
    this.#subscriptions.clear();
    await Promise.all([...this.#inflight]);
    await this.#cache?.close();
    await this.host.close();
    await this.nats.drain().catch(() => this.nats.close());
  }
}

function errorText(e: unknown): string {
  if (e instanceof EnvelopeError || e instanceof GuestError || e instanceof HostUserError) return e.message;
  return (e as Error)?.message ?? String(e);
}
