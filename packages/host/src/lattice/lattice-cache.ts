import { createHash } from 'node:crypto';
import {
  DeliverPolicy,
  DiscardPolicy,
  jetstream,
  JetStreamApiError,
  jetstreamManager,
  JetStreamApiCodes,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import type { ConsumerMessages, JetStreamClient, JetStreamManager, JsMsg, StreamConfig } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import type { LinkDefinition } from './envelopes';

/**
 * The lattice's shared metadata, as wasmcloud-otp keeps it (host_core/lib/host_core/jetstream/client.ex,
 * jetstream/metadata_cache_loader.ex, linkdefs/manager.ex) and the classic control-interface client reads
 * and writes it (wasmCloud/control-interface-client src/kv/mod.rs): the JetStream key-value bucket
 * `LATTICEDATA_<lattice>` (stream `KV_LATTICEDATA_<lattice>`, subjects `$KV.LATTICEDATA_<lattice>.>`),
 * a link definition under `LINKDEF_<id>` where id = HEXUPPER(sha256(actor_id ‖ contract_id ‖ link_name)),
 * its value the JSON `{id, actor_id, provider_id, link_name, contract_id, values}`. otp removes a key
 * with a `KV-Operation: PURGE` marker, the Rust client with `DEL`; both mean "gone".
 */
export const BUCKET_PREFIX = 'LATTICEDATA_';
export const LINKDEF_PREFIX = 'LINKDEF_';
/** Written by this host on its own puts and deletes: watchers know the writer already told the provider. */
export const WRITER_HEADER = 'Nx-Wasmcloud-Host';

export const bucketName = (lattice: string) => `${BUCKET_PREFIX}${lattice}`;
export const streamName = (lattice: string) => `KV_${bucketName(lattice)}`;
const keySubject = (lattice: string, key: string) => `$KV.${bucketName(lattice)}.${key}`;

/** otp `linkdef_hash/3`, the Rust client's `ld_hash_raw`. */
export function linkdefId(actorId: string, contractId: string, linkName: string): string {
  return createHash('sha256').update(actorId).update(contractId).update(linkName).digest('hex').toUpperCase();
}

export interface CachedLink extends LinkDefinition {
  id: string;
}

export interface LinkChange {
  kind: 'put' | 'delete';
  /** The id in the key (`LINKDEF_<id>`). */
  id: string;
  /** For a put: the definition read from the value. */
  link?: CachedLink;
  /** The host id a host of ours wrote in WRITER_HEADER; undefined for otp hosts and direct clients. */
  writer?: string;
  /** Part of the bucket's contents when the watch began (not a change made since). */
  initial: boolean;
  /** The stream sequence: a later change has a higher one. */
  seq: number;
}

export class LatticeCacheUnavailable extends Error {}

/** A value from the bucket, or undefined when it is not a link definition this host can use. */
export function parseLinkValue(id: string, data: Uint8Array): CachedLink | undefined {
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder().decode(data));
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  const actor = str('actor_id');
  const provider = str('provider_id');
  const contract = str('contract_id');
  if (!actor || !provider || !contract) return undefined;
  const values: Record<string, string> = {};
  if (typeof o.values === 'object' && o.values !== null) {
    for (const [k, val] of Object.entries(o.values as Record<string, unknown>)) if (typeof val === 'string') values[k] = val;
  }
  return { id, actor_id: actor, provider_id: provider, contract_id: contract, link_name: str('link_name') || 'default', values };
}

/**
 * The stream otp creates for the bucket (client.ex `:ensure_stream`); a bucket made by someone else
 * (wash, nats CLI, another otp version) is used as it is.
 */
function bucketConfig(lattice: string): Partial<StreamConfig> & { name: string } {
  return {
    name: streamName(lattice),
    subjects: [`$KV.${bucketName(lattice)}.>`],
    retention: RetentionPolicy.Limits,
    max_msgs_per_subject: 1,
    allow_direct: true,
    mirror_direct: false,
    deny_delete: true,
    deny_purge: false,
    allow_rollup_hdrs: true,
    storage: StorageType.File,
    discard: DiscardPolicy.New,
    num_replicas: 1,
    duplicate_window: 120_000_000_000,
  };
}

/**
 * The link definitions of one lattice in its JetStream bucket: `open` makes sure the bucket exists,
 * reads what is there (calling `onChange` for each with `initial: true`) and then follows every put
 * and delete, from any host or client, until `close`.
 */
export class LatticeCache {
  readonly #js: JetStreamClient;
  readonly #jsm: JetStreamManager;
  readonly #lattice: string;
  readonly #writer: string;
  #messages?: ConsumerMessages;
  #watching?: Promise<void>;

  private constructor(js: JetStreamClient, jsm: JetStreamManager, lattice: string, writer: string) {
    this.#js = js;
    this.#jsm = jsm;
    this.#lattice = lattice;
    this.#writer = writer;
  }

  /**
   * Throws LatticeCacheUnavailable when the server has no JetStream (the host then keeps its links
   * to itself, as before); resolves once the bucket's current links have been delivered.
   */
  static async open(
    nc: NatsConnection,
    lattice: string,
    writer: string,
    onChange: (change: LinkChange) => void,
    options: { loadTimeoutMs?: number } = {},
  ): Promise<LatticeCache> {
    let jsm;
    try {
      jsm = await jetstreamManager(nc, { timeout: 5000 });
    } catch (e) {
      throw new LatticeCacheUnavailable(`JetStream is not available on this NATS server (${(e as Error).message})`, { cause: e });
    }
    const name = streamName(lattice);
    try {
      await jsm.streams.info(name);
    } catch (e) {
      if (!(e instanceof JetStreamApiError && e.code === JetStreamApiCodes.StreamNotFound))
        throw new LatticeCacheUnavailable(`bucket ${bucketName(lattice)}: ${(e as Error).message}`, { cause: e });
      try {
        await jsm.streams.add(bucketConfig(lattice));
      } catch (e2) {
        // Another host created it between the two requests.
        if (!(e2 instanceof JetStreamApiError && /already in use/.test(e2.message)))
          throw new LatticeCacheUnavailable(`bucket ${bucketName(lattice)}: ${(e2 as Error).message}`, { cause: e2 });
      }
    }
    const cache = new LatticeCache(jetstream(nc), jsm, lattice, writer);
    // Every key (a key is one subject token; `LINKDEF_*` would not be a wildcard): claims and
    // reference maps are skipped by prefix, but their delivery also tells when the initial read is over.
    const filter = keySubject(lattice, '*');
    const existing = await jsm.streams.info(name);
    await cache.watch(filter, existing.state.messages, onChange, options.loadTimeoutMs ?? 10_000);
    return cache;
  }

  private async watch(filter: string, initialMessages: number, onChange: (c: LinkChange) => void, loadTimeoutMs: number): Promise<void> {
    // An ordered consumer from the last value of every key: what otp's loader (deliver_policy
    // last_per_subject) and a KV watcher do; it is recreated by the client after a reconnect.
    const consumer = await this.#js.consumers.get(streamName(this.#lattice), { filter_subjects: filter, deliver_policy: DeliverPolicy.LastPerSubject });
    const messages = await consumer.consume();
    this.#messages = messages;
    let loaded = initialMessages === 0;
    let markLoaded: () => void = () => undefined;
    const load = new Promise<void>((resolve) => {
      markLoaded = resolve;
      if (loaded) resolve();
    });
    const prefix = `$KV.${bucketName(this.#lattice)}.${LINKDEF_PREFIX}`;
    this.#watching = (async () => {
      for await (const m of messages) {
        const change = this.decode(m, prefix, !loaded);
        if (change) onChange(change);
        if (!loaded && m.info.pending === 0) {
          loaded = true;
          markLoaded();
        }
      }
    })().catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the lattice's link definitions were not read within ${loadTimeoutMs} ms`)), loadTimeoutMs);
    });
    try {
      await Promise.race([load, timeout]);
    } catch (e) {
      await this.close();
      throw new LatticeCacheUnavailable((e as Error).message, { cause: e });
    } finally {
      clearTimeout(timer);
    }
  }

  private decode(m: JsMsg, prefix: string, initial: boolean): LinkChange | undefined {
    if (!m.subject.startsWith(prefix)) return undefined;
    const id = m.subject.slice(prefix.length);
    const op = m.headers?.get('KV-Operation');
    const writer = m.headers?.get(WRITER_HEADER) || undefined;
    if (op === 'DEL' || op === 'PURGE') return { kind: 'delete', id, writer, initial, seq: m.seq };
    const link = parseLinkValue(id, m.data);
    // A value this host cannot read is left alone (otp logs and skips it too).
    return link ? { kind: 'put', id, link, writer, initial, seq: m.seq } : undefined;
  }

  /** Writes the link under LINKDEF_<id> (id = linkdefId of it); resolves with its stream sequence once JetStream has it. */
  async put(ld: LinkDefinition, id: string): Promise<number> {
    const h = headers();
    h.set(WRITER_HEADER, this.#writer);
    const value = { id, actor_id: ld.actor_id, provider_id: ld.provider_id, link_name: ld.link_name, contract_id: ld.contract_id, values: ld.values };
    const ack = await this.#js.publish(keySubject(this.#lattice, `${LINKDEF_PREFIX}${id}`), JSON.stringify(value), { headers: h });
    return ack.seq;
  }

  /**
   * The link stored under LINKDEF_<id> now, read from the stream (not from what the watch has
   * delivered so far): undefined when the key was never written, was deleted, or holds no usable link.
   */
  async get(id: string): Promise<CachedLink | undefined> {
    let m;
    try {
      m = await this.#jsm.streams.getMessage(streamName(this.#lattice), { last_by_subj: keySubject(this.#lattice, `${LINKDEF_PREFIX}${id}`) });
    } catch (e) {
      if (e instanceof JetStreamApiError && e.code === JetStreamApiCodes.NoMessageFound) return undefined;
      throw e;
    }
    if (!m) return undefined;
    const op = m.header?.get('KV-Operation');
    if (op === 'DEL' || op === 'PURGE') return undefined;
    return parseLinkValue(id, m.data);
  }

  /** Purges LINKDEF_<id> (otp's kv_del: a `KV-Operation: PURGE` marker that rolls up the key's history); resolves with its sequence. */
  async delete(id: string): Promise<number> {
    const h = headers();
    h.set('KV-Operation', 'PURGE');
    h.set('Nats-Rollup', 'sub');
    h.set(WRITER_HEADER, this.#writer);
    const ack = await this.#js.publish(keySubject(this.#lattice, `${LINKDEF_PREFIX}${id}`), new Uint8Array(0), { headers: h });
    return ack.seq;
  }

  async close(): Promise<void> {
    const m = this.#messages;
    this.#messages = undefined;
    if (m) await m.close().catch(() => undefined);
    await this.#watching;
  }
}
