import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { arch, platform } from 'node:os';
import type { Msg, Subscription } from '@nats-io/transport-node';
import { parseReference } from '@nx-wasmcloud/oci';
import type { LatticeEvent, LatticeHost } from '../lattice/lattice-host';
import { cacheFiles } from '../oci-source';
import { startParProvider } from '../providers/start-par-provider';
import type { ActorInfo, LogEntry } from '../types';
import { HOST_VERSION } from '../version';
import { cloudEvent } from './cloud-event';
import { ControlRequestError, parseRequest, SHAPES } from './request';
import { subjects, CTL_PREFIX } from './subjects';
import type {
  CtlOperationAck,
  GetClaimsResponse,
  HostInventory,
  HostSummary,
  LinkDefinitionList,
  StartActorCommand,
  StartProviderCommand,
  StopActorCommand,
  StopProviderCommand,
  UpdateActorCommand,
  JsonLinkDefinition,
} from './types';

/** Starts a provider from a reference on the host (Engineer B's startParProvider by default). */
export type ProviderStarter = (
  host: LatticeHost,
  ref: string,
  options: { linkName: string; configJson?: string; env?: NodeJS.ProcessEnv; log?: (e: LogEntry) => void },
) => Promise<unknown>;

export interface ControlServerOptions {
  /** The host's OCI cache dir (its `ociCacheDir`), drained for a reference an update names. */
  ociCacheDir?: string;
  /** TMPDIR (caches) and WASMCLOUD_OCI_ALLOWED_INSECURE for provider starts; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Provider starts; default startParProvider. */
  startProvider?: ProviderStarter;
  /** Provider output and control-interface failures; default stderr. */
  log?: (entry: LogEntry) => void;
}

const enc = new TextEncoder();
const ok: CtlOperationAck = { accepted: true, error: '' };
const fail = (error: string): CtlOperationAck => ({ accepted: false, error });
const message = (e: unknown) => (e as Error)?.message ?? String(e);
const CONTROL_EVENTS = new Set(['actor_started', 'actor_stopped', 'actor_updated', 'provider_started', 'provider_stopped', 'linkdef_set', 'linkdef_deleted']);

function humanUptime(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return [d && `${d}d`, h && `${h}h`, m && `${m}m`, `${s}s`].filter(Boolean).join(' ');
}

/**
 * The control interface of a LatticeHost: the `wasmbus.ctl.<lattice>.…` requests of the classic
 * `wasmcloud-control-interface` crate (wasmCloud/control-interface-client src/broker.rs, types.rs) served as
 * wasmcloud-otp serves them (host_core/lib/host_core/control_interface/{lattice_server,host_server}.ex):
 * `ping.hosts` answered by every host, `get.*` and `linkdefs.*` by one host of the lattice (queue
 * group `wasmbus.ctl.<lattice>`), `cmd.<host>.*` and `get.<host>.inv` by the named host. Starts are
 * acknowledged once the request is valid and then reported as CloudEvents on `wasmbus.evt.<lattice>`
 * (actor_started / actor_start_failed …), which is what wash waits for. A bad request (not JSON,
 * unknown field, missing reference) gets `{accepted: false, error}` and the server keeps serving.
 */
export class ControlServer {
  readonly #lh: LatticeHost;
  readonly #options: ControlServerOptions;
  readonly #subs: Subscription[] = [];
  readonly #actorRefs = new Map<string, string>();
  readonly #providerRefs = new Map<string, string>();
  readonly #instanceIds = new Map<string, string[]>();
  readonly #pending = new Set<Promise<unknown>>();
  readonly #friendlyName: string;
  readonly #onEvent = (e: LatticeEvent) => {
    // Invocation events are not control events: dropped here, before any work per call.
    if (!CONTROL_EVENTS.has(e.type)) return;
    // Deferred: the event fires inside LatticeHost.startActor, before the caller here has recorded
    // the image reference the CloudEvent names.
    setImmediate(() => this.publishLatticeEvent(e));
  };
  #closed = false;

  private constructor(lh: LatticeHost, options: ControlServerOptions) {
    this.#lh = lh;
    this.#options = options;
    this.#friendlyName = `nx-wasmcloud-${lh.hostId.slice(-6).toLowerCase()}`;
  }

  static start(lh: LatticeHost, options: ControlServerOptions = {}): ControlServer {
    const server = new ControlServer(lh, options);
    server.subscribe();
    return server;
  }

  private subscribe(): void {
    const nc = this.#lh.nats;
    const lattice = this.#lh.lattice;
    const queue = `${CTL_PREFIX}.${lattice}`;
    const on = (subject: string, q?: string) =>
      this.#subs.push(
        nc.subscribe(subject, {
          queue: q,
          callback: (err, msg) => {
            if (!err) this.track(this.handle(msg));
          },
        }),
      );
    on(subjects.pingHosts(lattice));
    on(`${queue}.get.*`, queue);
    on(`${queue}.linkdefs.*`, queue);
    on(`${queue}.cmd.${this.#lh.hostId}.*`);
    on(subjects.inventory(lattice, this.#lh.hostId));
    this.#lh.on('event', this.#onEvent);
  }

  private track(p: Promise<unknown>): void {
    this.#pending.add(p);
    void p.finally(() => this.#pending.delete(p));
  }

  private log(text: string): void {
    const log = this.#options.log ?? ((e: LogEntry) => process.stderr.write(`${e.actor}: ${e.text}\n`));
    log({ actor: 'control interface', level: 'warn', text });
  }

  private async handle(msg: Msg): Promise<void> {
    let reply: unknown;
    try {
      reply = await this.dispatch(msg.subject.slice(`${CTL_PREFIX}.${this.#lh.lattice}.`.length), msg.data);
    } catch (e) {
      reply = fail(message(e));
      if (!(e instanceof ControlRequestError)) this.log(`${msg.subject}: ${message(e)}`);
    }
    if (msg.reply) msg.respond(enc.encode(JSON.stringify(reply)));
  }

  private async dispatch(rest: string, body: Uint8Array): Promise<unknown> {
    const host = this.#lh.hostId;
    switch (rest) {
      case 'ping.hosts':
        return this.ping();
      case 'get.claims':
        return this.claims();
      case 'get.links':
        return { links: this.#lh.links() } satisfies LinkDefinitionList;
      case `get.${host}.inv`:
        return this.inventory();
      case 'linkdefs.put':
        return this.linkPut(body);
      case 'linkdefs.del':
        return this.linkDel(body);
      case `cmd.${host}.la`:
        return this.startActor(body);
      case `cmd.${host}.sa`:
        return this.stopActor(body);
      case `cmd.${host}.upd`:
        return this.updateActor(body);
      case `cmd.${host}.lp`:
        return this.startProvider(body);
      case `cmd.${host}.sp`:
        return this.stopProvider(body);
      default:
        return fail(`Unexpected control command: ${rest.slice(0, 120)}`);
    }
  }

  ping(): HostSummary {
    const lh = this.#lh;
    const uptime = Math.floor((Date.now() - lh.startedAt.getTime()) / 1000);
    return {
      id: lh.hostId,
      issuer: lh.clusterIssuer,
      friendly_name: this.#friendlyName,
      labels: this.labels(),
      uptime_seconds: uptime,
      uptime_human: humanUptime(uptime),
      version: HOST_VERSION,
      cluster_issuers: lh.clusterIssuers.join(','),
      ctl_host: lh.natsUrl,
      rpc_host: lh.natsUrl,
      lattice_prefix: lh.lattice,
    };
  }

  /** otp's default labels (hostcore.*) under the host's own. */
  private labels(): Record<string, string> {
    const os = platform();
    return {
      'hostcore.arch': arch() === 'x64' ? 'x86_64' : arch() === 'arm64' ? 'aarch64' : arch(),
      'hostcore.os': os,
      'hostcore.osfamily': os === 'win32' ? 'windows' : 'unix',
      ...this.#lh.labels,
    };
  }

  private instanceIds(a: ActorInfo): string[] {
    let ids = this.#instanceIds.get(a.publicKey);
    if (!ids || ids.length !== a.instances) {
      ids = Array.from({ length: a.instances }, (_, i) => ids?.[i] ?? randomUUID());
      this.#instanceIds.set(a.publicKey, ids);
    }
    return ids;
  }

  inventory(): HostInventory {
    const lh = this.#lh;
    return {
      host_id: lh.hostId,
      issuer: lh.clusterIssuer,
      friendly_name: this.#friendlyName,
      labels: this.labels(),
      actors: lh.actors().map((a) => {
        const image_ref = this.#actorRefs.get(a.publicKey);
        return {
          id: a.publicKey,
          name: a.name,
          ...(image_ref ? { image_ref } : {}),
          instances: this.instanceIds(a).map((instance_id) => ({
            instance_id,
            revision: a.revision ?? 0,
            ...(image_ref ? { image_ref } : {}),
            annotations: {},
            max_concurrent: 1,
          })),
        };
      }),
      providers: lh.providers().map((p) => {
        const image_ref = this.#providerRefs.get(`${p.publicKey}\0${p.linkName}`);
        return {
          id: p.publicKey,
          name: p.name,
          ...(image_ref ? { image_ref } : {}),
          contract_id: p.contractId,
          link_name: p.linkName,
          revision: 0,
          annotations: {},
        };
      }),
    };
  }

  /** otp's claims cache entries (claims/manager.ex put_claims): every value a string. */
  claims(): GetClaimsResponse {
    const actors = this.#lh.actors().map((a) => ({
      call_alias: a.callAlias ?? '',
      iss: a.issuer,
      name: a.name,
      caps: a.caps.join(','),
      rev: String(a.revision ?? 0),
      tags: '',
      version: a.version ?? '',
      sub: a.publicKey,
      contract_id: '',
    }));
    const providers = this.#lh
      .providers()
      .map((p) => ({ call_alias: '', iss: '', name: p.name ?? '', caps: '', rev: '0', tags: '', version: '', sub: p.publicKey, contract_id: p.contractId }));
    const seen = new Set<string>();
    return { claims: [...actors, ...providers].filter((c) => !seen.has(c.sub) && seen.add(c.sub)) };
  }

  /**
   * A put of a link that already exists (identical or not) is not refused: as otp's
   * linkdefs/manager.ex `put_link_definition`, it is written to the bucket again, announced again
   * (linkdef_set, the provider's linkdefs.put) and acknowledged; providers take repeats
   * (weld's core model marks PutLink `@idempotent`).
   */
  private async linkPut(body: Uint8Array): Promise<CtlOperationAck> {
    const ld = parseRequest<JsonLinkDefinition>('link definition put', body, SHAPES.linkPut);
    await this.#lh.putLink({
      actor_id: ld.actor_id,
      provider_id: ld.provider_id,
      contract_id: ld.contract_id,
      link_name: ld.link_name || 'default',
      values: ld.values ?? {},
    });
    return ok;
  }

  private async linkDel(body: Uint8Array): Promise<CtlOperationAck> {
    const ld = parseRequest<JsonLinkDefinition>('link definition removal', body, SHAPES.linkDel);
    const linkName = ld.link_name || 'default';
    // Deleting a link is idempotent, as in otp (control_interface/lattice_server.ex answers
    // success_ack() after linkdefs/manager.ex `del_link_definition_by_triple`, which only logs a
    // warning for a link it does not know; v0.59's control_interface/server.ex and
    // `del_link_definition` the same): accepted, and nothing is written, announced or sent to a provider.
    // removeLink also asks the bucket when this host has not applied the link yet (a put just
    // acknowledged by another host), so an accepted delete is never a link that stays.
    if (!(await this.#lh.removeLink(ld.actor_id, ld.contract_id, linkName))) {
      this.log(
        `No link definition to delete for actor ${ld.actor_id.slice(0, 60)}, contract ${ld.contract_id.slice(0, 120)}, link name ${linkName.slice(0, 120)}`,
      );
    }
    return ok;
  }

  private checkHost(what: string, hostId: string | undefined): void {
    if (hostId && hostId !== this.#lh.hostId)
      throw new ControlRequestError(`Invalid ${what} request: host_id ${hostId.slice(0, 60)} is not this host (${this.#lh.hostId})`);
  }

  /**
   * A reference from the lattice must be an OCI reference: a file path would let anyone on the NATS
   * server make the host read its local files.
   */
  private checkReference(what: string, ref: string): void {
    const looksLikePath = ref.startsWith('/') || ref.startsWith('.') || ref.startsWith('file:') || ref.endsWith('.wasm') || existsSync(ref);
    let valid = !looksLikePath;
    if (valid) {
      try {
        parseReference(ref);
      } catch {
        valid = false;
      }
    }
    if (!valid)
      throw new ControlRequestError(
        `Invalid ${what} request: ${JSON.stringify(ref).slice(0, 200)} is not an OCI reference (registry/repository:tag or @digest)`,
      );
  }

  private findActor(ref: string): ActorInfo | undefined {
    return this.#lh.actors().find((a) => a.publicKey === ref || this.#actorRefs.get(a.publicKey) === ref);
  }

  private startActor(body: Uint8Array): CtlOperationAck {
    const cmd = parseRequest<StartActorCommand>('launch actor', body, SHAPES.startActor);
    this.checkHost('launch actor', cmd.host_id);
    this.checkReference('launch actor', cmd.actor_ref);
    const ref = cmd.actor_ref;
    this.track(
      (async () => {
        try {
          const info = await this.#lh.startActor(ref, { instances: cmd.count || 1 });
          this.#actorRefs.set(info.publicKey, ref);
        } catch (e) {
          this.publish('actor_start_failed', { actor_ref: ref, error: message(e) });
        }
      })(),
    );
    return ok;
  }

  private stopActor(body: Uint8Array): CtlOperationAck {
    const cmd = parseRequest<StopActorCommand>('stop actor', body, SHAPES.stopActor);
    this.checkHost('stop actor', cmd.host_id);
    const actor = this.findActor(cmd.actor_ref);
    // otp accepts a stop of an actor it does not run (host_server.ex answers success_ack() whatever
    // actors/actor_supervisor.ex `terminate_actor` found; v0.59's control_interface/server.ex the
    // same) and publishes no actor_stopped: nothing was running, nothing stopped.
    if (!actor) return ok;
    this.track(this.#lh.stopActor(actor.publicKey).catch((e) => this.publish('actor_stop_failed', { public_key: actor.publicKey, error: message(e) })));
    return ok;
  }

  /** Answered after the update (as otp's host_server.ex does), so the ack says whether it happened. */
  private async updateActor(body: Uint8Array): Promise<CtlOperationAck> {
    const cmd = parseRequest<UpdateActorCommand>('update actor', body, SHAPES.updateActor);
    this.checkHost('update actor', cmd.host_id);
    this.checkReference('update actor', cmd.new_actor_ref);
    const actor = this.findActor(cmd.actor_id);
    if (!actor) return fail(`Unable to perform live update: actor ${cmd.actor_id.slice(0, 200)} is not running on host ${this.#lh.hostId}`);
    // An update to a reference means "run what it names now": the cached copy of that reference
    // (possibly an earlier push of the same tag) is dropped first, so the bytes are fetched again.
    const cache = cacheFiles(cmd.new_actor_ref, { cacheDir: this.#options.ociCacheDir, env: this.#options.env });
    rmSync(cache.bin, { force: true });
    rmSync(cache.digest, { force: true });
    try {
      const info = await this.#lh.updateActor(actor.publicKey, cmd.new_actor_ref);
      this.#actorRefs.set(info.publicKey, cmd.new_actor_ref);
      return ok;
    } catch (e) {
      this.publish('actor_update_failed', {
        public_key: actor.publicKey,
        revision: actor.revision ?? 0,
        instance_id: this.instanceIds(actor)[0] ?? '',
        reason: message(e),
      });
      return fail(`Unable to perform live update: ${message(e)}`);
    }
  }

  private startProvider(body: Uint8Array): CtlOperationAck {
    const cmd = parseRequest<StartProviderCommand>('start provider', body, SHAPES.startProvider);
    this.checkHost('start provider', cmd.host_id);
    this.checkReference('start provider', cmd.provider_ref);
    const ref = cmd.provider_ref;
    const linkName = cmd.link_name || 'default';
    const running = this.#lh.providers().find((p) => p.linkName === linkName && this.#providerRefs.get(`${p.publicKey}\0${p.linkName}`) === ref);
    if (running) return fail('Provider with that link name is already running on this host');
    this.track(
      (async () => {
        try {
          const starter = this.#options.startProvider ?? defaultStarter;
          const p = (await starter(this.#lh, ref, { linkName, configJson: cmd.configuration, env: this.#options.env, log: this.#options.log })) as
            { publicKey?: string } | undefined;
          if (p?.publicKey) this.#providerRefs.set(`${p.publicKey}\0${linkName}`, ref);
        } catch (e) {
          this.publish('provider_start_failed', { provider_ref: ref, link_name: linkName, error: message(e) });
        }
      })(),
    );
    return ok;
  }

  private stopProvider(body: Uint8Array): CtlOperationAck {
    const cmd = parseRequest<StopProviderCommand>('stop provider', body, SHAPES.stopProvider);
    this.checkHost('stop provider', cmd.host_id);
    const linkName = cmd.link_name || 'default';
    const p = this.#lh
      .providers()
      .find(
        (x) => x.linkName === linkName && (x.publicKey === cmd.provider_ref || this.#providerRefs.get(`${x.publicKey}\0${x.linkName}`) === cmd.provider_ref),
      );
    // otp accepts a stop of a provider it does not run (host_server.ex answers success_ack() whatever
    // providers/provider_supervisor.ex `terminate_provider` found; v0.59's control_interface/server.ex
    // the same) and publishes no provider_stopped.
    if (!p) return ok;
    this.track(
      this.#lh
        .unregisterProvider(p.publicKey, p.linkName)
        .catch((e) => this.publish('provider_stop_failed', { public_key: p.publicKey, link_name: p.linkName, error: message(e) })),
    );
    return ok;
  }

  private publish(type: string, data: unknown): void {
    if (this.#closed) return;
    try {
      this.#lh.nats.publish(subjects.events(this.#lh.lattice), enc.encode(JSON.stringify(cloudEvent(type, this.#lh.hostId, data))));
    } catch {
      // The connection is closing: events are best effort, as in otp's safe_pub.
    }
  }

  /** LatticeHost events as otp publishes them (actor_module.ex, provider_module.ex, linkdefs/manager.ex). */
  private publishLatticeEvent(e: LatticeEvent): void {
    const d = e.data as Record<string, unknown>;
    switch (e.type) {
      case 'actor_started': {
        const info = d.claims as ActorInfo;
        const pk = info.publicKey;
        this.publish('actor_started', {
          public_key: pk,
          // wash reads image_ref as a string: "" for an actor not started from a reference.
          image_ref: this.#actorRefs.get(pk) ?? '',
          api_version: info.apiVersion,
          instance_id: this.instanceIds(info)[0],
          annotations: {},
          claims: {
            call_alias: info.callAlias ?? null,
            caps: info.caps,
            issuer: info.issuer,
            tags: [],
            name: info.name,
            version: info.version ?? null,
            revision: info.revision ?? 0,
            not_before_human: 'immediately',
            expires_human: 'never',
          },
        });
        return;
      }
      case 'actor_stopped': {
        const pk = d.public_key as string;
        this.publish('actor_stopped', { public_key: pk, instance_id: this.#instanceIds.get(pk)?.[0] ?? '' });
        this.#instanceIds.delete(pk);
        this.#actorRefs.delete(pk);
        return;
      }
      case 'actor_updated': {
        const pk = d.public_key as string;
        this.publish('actor_updated', { public_key: pk, revision: d.revision ?? 0, instance_id: this.#instanceIds.get(pk)?.[0] ?? '' });
        return;
      }
      case 'provider_started': {
        const key = `${d.public_key as string}\0${d.link_name as string}`;
        const p = this.#lh.providers().find((x) => x.publicKey === d.public_key && x.linkName === d.link_name);
        this.publish('provider_started', {
          public_key: d.public_key,
          image_ref: this.#providerRefs.get(key) ?? '',
          link_name: d.link_name,
          contract_id: d.contract_id,
          instance_id: randomUUID(),
          annotations: {},
          claims: { issuer: '', tags: [], name: p?.name ?? '', version: null, not_before_human: 'immediately', expires_human: 'never' },
        });
        return;
      }
      case 'provider_stopped':
        this.#providerRefs.delete(`${d.public_key as string}\0${d.link_name as string}`);
        this.publish('provider_stopped', { public_key: d.public_key, link_name: d.link_name, contract_id: d.contract_id, instance_id: '', reason: 'normal' });
        return;
      case 'linkdef_set':
      case 'linkdef_deleted':
        this.publish(e.type, { actor_id: d.actor_id, provider_id: d.provider_id, link_name: d.link_name, contract_id: d.contract_id, values: d.values });
        return;
      default:
        // Invocation events are not lattice control events.
        return;
    }
  }

  /** Stops serving; requests already received are answered first. Idempotent; does not close the host. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await Promise.all(this.#subs.map((s) => s.drain().catch(() => undefined)));
    await Promise.all([...this.#pending]);
    await new Promise((r) => setImmediate(r));
    this.#closed = true;
    this.#lh.off('event', this.#onEvent);
  }
}

const defaultStarter: ProviderStarter = async (host, ref, options) => {
  // env: where the PAR and OCI caches are and which registries may be plain HTTP, as for actors.
  return startParProvider(host, ref, { linkName: options.linkName, configJson: options.configJson, cacheEnv: options.env, log: options.log });
};
