import type { NatsConnection } from '@nats-io/transport-node';
import { Objm, ObjectStore } from '@nats-io/obj';

/** weld `chunkify.rs`: bodies over 900 KiB travel through the object store (NATS' default max payload is 1 MiB). */
export const CHUNK_THRESHOLD_BYTES = 900 * 1024;
/** weld `CHUNK_RPC_EXTRA_TIME`: a chunked request gets 13 s more. */
export const CHUNK_RPC_EXTRA_MS = 13000;

export function needsChunking(length: number): boolean {
  return length > CHUNK_THRESHOLD_BYTES;
}

/**
 * The JetStream object store named after the lattice (weld `ChunkEndpoint`): an invocation body is
 * stored under the invocation id, a response under `<id>-r`; the receiver deletes what it read.
 */
export class ChunkStore {
  private store?: Promise<ObjectStore>;

  constructor(
    private readonly nc: NatsConnection,
    readonly lattice: string,
  ) {}

  private open(): Promise<ObjectStore> {
    // create() opens the bucket when it exists, as create_or_reuse_store does.
    this.store ??= new Objm(this.nc).create(this.lattice).catch((e: Error) => {
      this.store = undefined;
      throw new Error(`Failed to create store: ${e.message}`);
    });
    return this.store;
  }

  async put(name: string, bytes: Uint8Array): Promise<void> {
    const store = await this.open();
    try {
      await store.putBlob({ name }, bytes);
    } catch (e) {
      throw new Error(`writing chunkified for ${name}: ${(e as Error).message}`, { cause: e });
    }
  }

  /** Reads and deletes an object; refuses one larger than maxBytes before reading it. */
  async take(name: string, maxBytes: number): Promise<Uint8Array> {
    const store = await this.open();
    const info = await store.info(name).catch(() => null);
    if (!info || info.deleted) throw new Error(`error starting to receive chunked stream for inv ${name}: object not found`);
    if (info.size > maxBytes) throw new Error(`chunked stream for inv ${name} holds ${info.size} bytes, more than the limit of ${maxBytes}`);
    const bytes = await store.getBlob(name);
    if (!bytes) throw new Error(`error receiving chunked stream for inv ${name}: object not found`);
    // Not deleting is not fatal for the receiver once it has all the bytes (weld logs it).
    await store.delete(name).catch(() => undefined);
    return bytes;
  }
}

export const responseObjectName = (invocationId: string): string => `${invocationId}-r`;
