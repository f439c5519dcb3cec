import { connect, ConnectionOptions } from '../client-factory';
import { sha256Digest } from '../digest';
import { DigestMismatchError, InvalidReferenceError, OciError, RegistryError } from '../errors';
import { buildManifest, Descriptor, ImageManifest } from '../manifest';
import { MANIFEST_OCI, TITLE_ANNOTATION } from '../media-types';
import { parseReference } from '../reference';
import { BlobSource, bufferBlob, RegistryClient, schemeFor } from '../registry-client';
import { RetryPolicy } from '../retry';
import { KeyedLock } from './keyed-lock';
import { NX_CACHE_CONFIG, NX_CACHE_LAYER, NX_HASH_ANNOTATION } from './media-types';
import { downloadSpool, Spooled } from './spool';

export interface RecordStoreOptions extends ConnectionOptions {
  /** `host[:port]/repository`: where the records live, one tag per Nx hash. */
  repository: string;
  /** Temp dir for records too large to hold in memory. */
  spoolDir: string;
}

/**
 * A cache in front of builds must answer fast or not at all: a few quick tries, then the record
 * counts as missing (GET) or not stored (PUT), and the build carries on.
 */
export const CACHE_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 200, maxDelayMs: 2000 };

/** The config blob every record shares: `{}`, so it is uploaded once per repository. */
const CONFIG = bufferBlob(Buffer.from('{}'), sha256Digest('{}'));

/** A tag is the Nx hash itself; the OCI tag grammar is the limit (Nx's hashes are decimal digits). */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function isRecordKey(hash: string): boolean {
  return TAG.test(hash);
}

export type PutOutcome = 'stored' | 'exists';

/** Parses `host[:port]/repository`, refusing a tag or digest (records are tagged by hash). */
export function parseCacheRepository(value: string): { registry: string; repository: string } {
  const ref = parseReference(value);
  if (ref.tag || ref.digest) {
    throw new InvalidReferenceError(
      `cache repository '${value}' names a ${ref.digest ? 'digest' : 'tag'}: give host[:port]/repository only (each record is tagged with its Nx hash)`,
    );
  }
  return { registry: ref.registry, repository: ref.repository };
}

/**
 * Nx cache records in one OCI repository, through @nx-wasmcloud/oci's registry client (its auth,
 * TLS, retries and digest checks). A record is written once: blobs first, the tag last, so a failed
 * upload leaves no tag, and a hash that has a tag is never written again.
 */
export class OciRecordStore {
  readonly registry: string;
  readonly repository: string;
  private readonly lock = new KeyedLock();

  private constructor(
    private readonly client: RegistryClient,
    private readonly closeConnection: () => void,
    where: { registry: string; repository: string },
    private readonly spoolDir: string,
  ) {
    this.registry = where.registry;
    this.repository = where.repository;
  }

  static async open(options: RecordStoreOptions): Promise<OciRecordStore> {
    const where = parseCacheRepository(options.repository);
    const env = options.env ?? process.env;
    const { client, close } = await connect(where.registry, schemeFor(where.registry, options.insecure, env), {
      ...options,
      retry: options.retry ?? CACHE_RETRY,
      env,
    });
    return new OciRecordStore(client, close, where, options.spoolDir);
  }

  /** `registry/repository`, as the records' references start. */
  get name(): string {
    return `${this.registry}/${this.repository}`;
  }

  /**
   * Asks the registry once with the access the server will need (push scope unless read-only), so
   * wrong credentials or a wrong CA stop `cache serve` at start rather than turning every request
   * into a miss.
   */
  async check(write: boolean): Promise<void> {
    if (write) {
      await this.client.blobExists(this.repository, CONFIG.digest);
      return;
    }
    await this.manifest('nx-wasmcloud-access-check');
  }

  /** The record's manifest, or undefined when the tag does not exist. */
  private async manifest(hash: string): Promise<{ manifest: ImageManifest; digest: string } | undefined> {
    let got: Awaited<ReturnType<RegistryClient['getManifest']>>;
    try {
      got = await this.client.getManifest(this.repository, hash);
    } catch (err) {
      if (err instanceof RegistryError && err.status === 404) return undefined;
      throw err;
    }
    const digest = sha256Digest(got.bytes);
    if (got.headerDigest?.startsWith('sha256:') && got.headerDigest !== digest) {
      throw new DigestMismatchError(`manifest of ${this.name}:${hash} hashes to ${digest}, but the registry named it ${got.headerDigest}`);
    }
    let manifest: ImageManifest;
    try {
      manifest = JSON.parse(got.bytes.toString('utf8')) as ImageManifest;
    } catch {
      throw new OciError(`${this.name}:${hash} is not an Nx cache record: its manifest is not JSON`);
    }
    if (manifest.config?.mediaType !== NX_CACHE_CONFIG || manifest.layers?.length !== 1 || manifest.layers[0].mediaType !== NX_CACHE_LAYER) {
      throw new OciError(`${this.name}:${hash} is not an Nx cache record (config ${manifest.config?.mediaType}); keep the cache in a repository of its own`);
    }
    return { manifest, digest };
  }

  async has(hash: string): Promise<boolean> {
    return (await this.manifest(hash)) !== undefined;
  }

  /**
   * The record's tar, whole and verified against the layer digest (size and sha256), or undefined
   * for a miss. The caller disposes of it.
   */
  async get(hash: string): Promise<Spooled | undefined> {
    const found = await this.manifest(hash);
    if (!found) return undefined;
    const layer = found.manifest.layers[0];
    const spool = downloadSpool(layer.size, layer.digest, this.spoolDir);
    try {
      await this.client.downloadBlob(this.repository, layer.digest, layer.size, spool.openOut);
    } catch (err) {
      await spool.discard();
      throw err;
    }
    return spool.done();
  }

  /**
   * Stores `record` under `hash` unless a record is there already. Within this store, PUTs of one
   * hash run one at a time, so concurrent PUTs end with one record and the others see 'exists'.
   */
  put(hash: string, record: Spooled, created = new Date()): Promise<PutOutcome> {
    return this.lock.run(hash, async () => {
      if (await this.has(hash)) return 'exists';
      const layer: Descriptor = { mediaType: NX_CACHE_LAYER, digest: record.digest, size: record.size, annotations: { [TITLE_ANNOTATION]: `${hash}.tar` } };
      const config: Descriptor = { mediaType: NX_CACHE_CONFIG, digest: CONFIG.digest, size: CONFIG.size };
      const settled = await Promise.allSettled([this.sendBlob(CONFIG), this.sendBlob(record.blob())]);
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      // The tag goes last: only now is every blob it names confirmed in the registry.
      const manifest = buildManifest(config, [layer], {
        [NX_HASH_ANNOTATION]: hash,
        // Registries expire by push time; the annotation lets a script prune by age as well.
        'org.opencontainers.image.created': created.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      });
      const stored = await this.client.putManifest(this.repository, hash, manifest.bytes, MANIFEST_OCI);
      if (stored && stored !== manifest.digest)
        throw new OciError(`${this.registry} stored the manifest of ${hash} as ${stored}, but its bytes hash to ${manifest.digest}`);
      return 'stored';
    });
  }

  private async sendBlob(blob: BlobSource): Promise<void> {
    if (await this.client.blobExists(this.repository, blob.digest)) return;
    await this.client.uploadBlob(this.repository, blob);
  }

  close(): void {
    this.closeConnection();
  }
}
