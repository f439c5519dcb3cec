import type { NatsConnection } from '@nats-io/transport-node';
import { HostUserError } from '../errors';
import { connectNats } from '../lattice/rpc-client';
import { subjects } from './subjects';
import type { CloudEvent, CtlOperationAck, GetClaimsResponse, HostInventory, HostSummary, JsonLinkDefinition, LinkDefinitionList } from './types';
import { EVENT_TYPE_PREFIX } from './types';

/**
 * Client side of the control interface, what wash 0.2x does with `wasmcloud-control-interface`
 * (wasmCloud/control-interface-client src/lib.rs; wash-lib src/actor.rs and src/wait.rs): requests on
 * `wasmbus.ctl.<lattice>.…`, starts confirmed by the CloudEvent the host publishes afterwards.
 */
export interface CtlOptions {
  /** A connection, or `nats://host:port` / `host:port` to connect to for this call. */
  nats: NatsConnection | string;
  /** Default 'default'. */
  lattice?: string;
  /** Per request; default 2000 (wash's DEFAULT_NATS_TIMEOUT_MS). */
  timeoutMs?: number;
}

/** A control request refused by the host, or one nobody answered. */
export class CtlError extends HostUserError {}

const enc = new TextEncoder();
const dec = new TextDecoder();
const DEFAULT_TIMEOUT_MS = 2000;
/** `get hosts` ends this long after the last answer (or at the timeout). */
const QUIET_MS = 600;
/** wash-lib config.rs: DEFAULT_START_ACTOR_TIMEOUT_MS, DEFAULT_START_PROVIDER_TIMEOUT_MS. */
export const START_ACTOR_TIMEOUT_MS = 5000;
export const START_PROVIDER_TIMEOUT_MS = 60000;

async function withNats<T>(o: CtlOptions, body: (nc: NatsConnection, lattice: string) => Promise<T>): Promise<T> {
  const own = typeof o.nats === 'string';
  const nc = typeof o.nats === 'string' ? await connectNats(o.nats, { name: 'nx-wasmcloud ctl' }) : o.nats;
  try {
    return await body(nc, o.lattice ?? 'default');
  } finally {
    if (own) await nc.close().catch(() => undefined);
  }
}

function parseJson<T>(subject: string, data: Uint8Array): T {
  try {
    return JSON.parse(dec.decode(data)) as T;
  } catch {
    throw new CtlError(`the answer on ${subject} is not JSON`);
  }
}

async function request<T>(nc: NatsConnection, subject: string, body: unknown, timeoutMs: number, lattice: string): Promise<T> {
  try {
    const msg = await nc.request(subject, body === undefined ? new Uint8Array(0) : enc.encode(JSON.stringify(body)), { timeout: timeoutMs });
    return parseJson<T>(subject, msg.data);
  } catch (e) {
    if (e instanceof CtlError) throw e;
    const name = (e as Error).name;
    if (name === 'NoRespondersError' || /no responders/i.test((e as Error).message))
      throw new CtlError(`no host answers ${subject}: is a host running on lattice ${lattice} (nx-wasmcloud up), and is the host id right?`);
    if (name === 'TimeoutError' || /timeout/i.test((e as Error).message)) throw new CtlError(`no answer on ${subject} within ${timeoutMs} ms`);
    throw new CtlError(`${subject}: ${(e as Error).message}`);
  }
}

function checkAck(what: string, ack: CtlOperationAck): void {
  if (!ack || ack.accepted !== true) throw new CtlError(`${what}: ${ack?.error || 'refused by the host'}`);
}

/** Every host that answers `ping.hosts`, collected until the answers stop (250 ms) or timeoutMs. */
export async function getHosts(o: CtlOptions): Promise<HostSummary[]> {
  return withNats(o, async (nc, lattice) => {
    const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const inbox = `_INBOX.${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
    const hosts: HostSummary[] = [];
    await new Promise<void>((resolve) => {
      let quiet: NodeJS.Timeout | undefined;
      const end = () => {
        clearTimeout(quiet);
        clearTimeout(overall);
        sub.unsubscribe();
        resolve();
      };
      const overall = setTimeout(end, timeoutMs);
      const sub = nc.subscribe(inbox, {
        callback: (err, msg) => {
          if (err) return;
          try {
            hosts.push(JSON.parse(dec.decode(msg.data)) as HostSummary);
          } catch {
            return;
          }
          clearTimeout(quiet);
          // Hosts answer independently: a loaded machine spreads their answers over hundreds of ms.
          quiet = setTimeout(end, QUIET_MS);
        },
      });
      nc.publish(subjects.pingHosts(lattice), new Uint8Array(0), { reply: inbox });
    });
    return hosts.sort((a, b) => a.id.localeCompare(b.id));
  });
}

async function firstHost(o: CtlOptions): Promise<string> {
  const hosts = await getHosts(o);
  if (!hosts.length)
    throw new CtlError(`no host answered on lattice ${o.lattice ?? 'default'}: start one with nx-wasmcloud up, or check --nats-url and --lattice`);
  return hosts[0].id;
}

export async function getInventory(o: CtlOptions, hostId?: string): Promise<HostInventory> {
  const host = hostId ?? (await firstHost(o));
  return withNats(o, (nc, lattice) => request<HostInventory>(nc, subjects.inventory(lattice, host), undefined, o.timeoutMs ?? DEFAULT_TIMEOUT_MS, lattice));
}

export async function getClaims(o: CtlOptions): Promise<Record<string, string>[]> {
  return withNats(
    o,
    async (nc, lattice) => (await request<GetClaimsResponse>(nc, subjects.claims(lattice), undefined, o.timeoutMs ?? DEFAULT_TIMEOUT_MS, lattice)).claims,
  );
}

export async function getLinks(o: CtlOptions): Promise<JsonLinkDefinition[]> {
  return withNats(
    o,
    async (nc, lattice) => (await request<LinkDefinitionList>(nc, subjects.links(lattice), undefined, o.timeoutMs ?? DEFAULT_TIMEOUT_MS, lattice)).links,
  );
}

/** The host running the actor (or provider), from each host's inventory. */
async function hostRunning(o: CtlOptions, match: (inv: HostInventory) => boolean, what: string): Promise<string> {
  for (const h of await getHosts(o)) {
    const inv = await getInventory(o, h.id).catch(() => undefined);
    if (inv && match(inv)) return h.id;
  }
  throw new CtlError(`${what} is not running on any host of lattice ${o.lattice ?? 'default'}`);
}

type EventCheck<T> = (e: CloudEvent) => { ok: T } | { error: string } | undefined;

/** Subscribes to the lattice events before `send`, then waits for the event `check` accepts. */
async function sendAndWait<T>(nc: NatsConnection, lattice: string, waitMs: number, send: () => Promise<void>, check: EventCheck<T>, what: string): Promise<T> {
  let settle!: (r: { ok: T } | { error: string }) => void;
  const outcome = new Promise<{ ok: T } | { error: string }>((r) => (settle = r));
  const sub = nc.subscribe(subjects.events(lattice), {
    callback: (err, msg) => {
      if (err) return;
      let e: CloudEvent;
      try {
        e = JSON.parse(dec.decode(msg.data)) as CloudEvent;
      } catch {
        return;
      }
      const r = check(e);
      if (r) settle(r);
    },
  });
  const timer = setTimeout(
    () => settle({ error: `no confirmation within ${waitMs} ms (the host may still be working on it: check with ctl get inventory)` }),
    waitMs,
  );
  try {
    await nc.flush();
    await send();
    const r = await outcome;
    if ('error' in r) throw new CtlError(`${what}: ${r.error}`);
    return r.ok;
  } finally {
    clearTimeout(timer);
    sub.unsubscribe();
  }
}

const isType = (e: CloudEvent, type: string) => e.type === `${EVENT_TYPE_PREFIX}${type}`;
const data = (e: CloudEvent) => (e.data ?? {}) as Record<string, unknown>;

export interface StartActorResult {
  hostId: string;
  actorId: string;
}

/** `cmd.<host>.la`, then actor_started / actor_start_failed for this reference from that host. */
export async function startActor(o: CtlOptions, a: { ref: string; hostId?: string; count?: number; waitMs?: number }): Promise<StartActorResult> {
  const hostId = a.hostId ?? (await firstHost(o));
  return withNats(o, (nc, lattice) =>
    sendAndWait<StartActorResult>(
      nc,
      lattice,
      a.waitMs ?? Math.max(START_ACTOR_TIMEOUT_MS, o.timeoutMs ?? 0),
      async () =>
        checkAck(
          `start actor ${a.ref}`,
          await request(
            nc,
            subjects.command(lattice, hostId, 'la'),
            { actor_ref: a.ref, host_id: hostId, count: a.count ?? 1 },
            o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
            lattice,
          ),
        ),
      (e) => {
        if (e.source !== hostId) return undefined;
        const d = data(e);
        if (isType(e, 'actor_started') && d.image_ref === a.ref) return { ok: { hostId, actorId: d.public_key as string } };
        if (isType(e, 'actor_start_failed') && d.actor_ref === a.ref) return { error: String(d.error) };
        return undefined;
      },
      `start actor ${a.ref}`,
    ),
  );
}

/**
 * `cmd.<host>.sa`, then actor_stopped for that actor. A host accepts a stop of an actor it does not
 * run and then publishes nothing (otp does, and so do ours), so the actor is first looked up in the
 * inventory: on the named host, or on every host to find it.
 */
export async function stopActor(o: CtlOptions, a: { actorId: string; hostId?: string; waitMs?: number }): Promise<{ hostId: string }> {
  const runs = (inv: HostInventory) => inv.actors.some((x) => x.id === a.actorId || x.image_ref === a.actorId);
  if (a.hostId && !runs(await getInventory(o, a.hostId))) throw new CtlError(`actor ${a.actorId} is not running on host ${a.hostId}`);
  const hostId = a.hostId ?? (await hostRunning(o, runs, `actor ${a.actorId}`));
  return withNats(o, (nc, lattice) =>
    sendAndWait<{ hostId: string }>(
      nc,
      lattice,
      a.waitMs ?? Math.max(START_ACTOR_TIMEOUT_MS, o.timeoutMs ?? 0),
      async () =>
        checkAck(
          `stop actor ${a.actorId}`,
          // count 0 = every instance: otp's host_server.ex refuses a stop without count ("Invalid
          // request to stop actor"); ours stops every instance whatever the count.
          await request(
            nc,
            subjects.command(lattice, hostId, 'sa'),
            { actor_ref: a.actorId, host_id: hostId, count: 0 },
            o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
            lattice,
          ),
        ),
      (e) => {
        if (e.source !== hostId) return undefined;
        const d = data(e);
        if (isType(e, 'actor_stopped') && (d.public_key === a.actorId || !/^M[A-Z2-7]{55}$/.test(a.actorId))) return { ok: { hostId } };
        if (isType(e, 'actor_stop_failed') && d.public_key === a.actorId) return { error: String(d.error) };
        return undefined;
      },
      `stop actor ${a.actorId}`,
    ),
  );
}

/** `cmd.<host>.upd`: the host answers once the update is done (or failed). */
export async function updateActor(o: CtlOptions, a: { actorId: string; ref: string; hostId?: string }): Promise<{ hostId: string }> {
  const hostId = a.hostId ?? (await hostRunning(o, (inv) => inv.actors.some((x) => x.id === a.actorId), `actor ${a.actorId}`));
  await withNats(o, async (nc, lattice) =>
    checkAck(
      `update actor ${a.actorId}`,
      await request(
        nc,
        subjects.command(lattice, hostId, 'upd'),
        { actor_id: a.actorId, host_id: hostId, new_actor_ref: a.ref },
        Math.max(o.timeoutMs ?? 0, 30000),
        lattice,
      ),
    ),
  );
  return { hostId };
}

export interface StartProviderResult {
  hostId: string;
  providerId: string;
  contractId: string;
  linkName: string;
}

/** `cmd.<host>.lp`, then provider_started / provider_start_failed for this reference. */
export async function startProvider(
  o: CtlOptions,
  p: { ref: string; linkName?: string; hostId?: string; configuration?: string; waitMs?: number },
): Promise<StartProviderResult> {
  const hostId = p.hostId ?? (await firstHost(o));
  const linkName = p.linkName || 'default';
  return withNats(o, (nc, lattice) =>
    sendAndWait<StartProviderResult>(
      nc,
      lattice,
      p.waitMs ?? START_PROVIDER_TIMEOUT_MS,
      async () =>
        checkAck(
          `start provider ${p.ref}`,
          await request(
            nc,
            subjects.command(lattice, hostId, 'lp'),
            { provider_ref: p.ref, host_id: hostId, link_name: linkName, ...(p.configuration ? { configuration: p.configuration } : {}) },
            o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
            lattice,
          ),
        ),
      (e) => {
        if (e.source !== hostId) return undefined;
        const d = data(e);
        if (isType(e, 'provider_started') && d.image_ref === p.ref)
          return { ok: { hostId, providerId: d.public_key as string, contractId: d.contract_id as string, linkName: d.link_name as string } };
        if (isType(e, 'provider_start_failed') && d.provider_ref === p.ref) return { error: String(d.error) };
        return undefined;
      },
      `start provider ${p.ref}`,
    ),
  );
}

/** `cmd.<host>.sp`, then provider_stopped for that provider (looked up in the inventory first, as in stopActor). */
export async function stopProvider(
  o: CtlOptions,
  p: { providerId: string; linkName?: string; contractId?: string; hostId?: string; waitMs?: number },
): Promise<{ hostId: string }> {
  const linkName = p.linkName || 'default';
  // As for actors: a host accepts a stop of a provider it does not run and publishes nothing.
  const runs = (inv: HostInventory) => inv.providers.some((x) => (x.id === p.providerId || x.image_ref === p.providerId) && x.link_name === linkName);
  if (p.hostId && !runs(await getInventory(o, p.hostId))) throw new CtlError(`provider ${p.providerId} (${linkName}) is not running on host ${p.hostId}`);
  const hostId = p.hostId ?? (await hostRunning(o, runs, `provider ${p.providerId} (${linkName})`));
  return withNats(o, (nc, lattice) =>
    sendAndWait<{ hostId: string }>(
      nc,
      lattice,
      p.waitMs ?? START_PROVIDER_TIMEOUT_MS,
      async () =>
        checkAck(
          `stop provider ${p.providerId}`,
          await request(
            nc,
            subjects.command(lattice, hostId, 'sp'),
            { provider_ref: p.providerId, host_id: hostId, link_name: linkName, contract_id: p.contractId ?? '' },
            o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
            lattice,
          ),
        ),
      (e) => {
        if (e.source !== hostId) return undefined;
        const d = data(e);
        if (isType(e, 'provider_stopped') && d.link_name === linkName && (d.public_key === p.providerId || !/^V[A-Z2-7]{55}$/.test(p.providerId)))
          return { ok: { hostId } };
        if (isType(e, 'provider_stop_failed') && d.public_key === p.providerId) return { error: String(d.error) };
        return undefined;
      },
      `stop provider ${p.providerId}`,
    ),
  );
}

export async function putLink(
  o: CtlOptions,
  ld: { actorId: string; providerId: string; contractId: string; linkName?: string; values?: Record<string, string> },
): Promise<void> {
  await withNats(o, async (nc, lattice) =>
    checkAck(
      'link put',
      await request(
        nc,
        subjects.linkPut(lattice),
        { actor_id: ld.actorId, provider_id: ld.providerId, link_name: ld.linkName || 'default', contract_id: ld.contractId, values: ld.values ?? {} },
        o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        lattice,
      ),
    ),
  );
}

export async function deleteLink(o: CtlOptions, ld: { actorId: string; contractId: string; linkName?: string }): Promise<void> {
  await withNats(o, async (nc, lattice) =>
    checkAck(
      'link del',
      await request(
        nc,
        subjects.linkDel(lattice),
        { actor_id: ld.actorId, provider_id: '', link_name: ld.linkName || 'default', contract_id: ld.contractId, values: {} },
        o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        lattice,
      ),
    ),
  );
}
