import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { detectArtifactKind } from './artifact';
import { defaultDigestCachePath, fileIdentity, lookupDigest, storeDigest } from './digest-cache';
import { knownRepositories, recordLocations } from './blob-locations';
import { ConnectionOptions, connect } from './client-factory';
import { fileDigest, sha256Digest, STREAM_CHUNK } from './digest';
import { DigestMismatchError, OciError, RegistryError } from './errors';
import { buildManifest, Descriptor } from './manifest';
import { ArtifactKind, MANIFEST_OCI, mediaTypesFor } from './media-types';
import { pushToLayout } from './oci-layout';
import { isLayoutReference, parseLayoutReference, parseReference, Reference } from './reference';
import { BlobSource, bufferBlob, fileBlob, ProgressListener, RegistryClient, schemeFor } from './registry-client';

export interface PushOptions extends ConnectionOptions {
  /** `registry/repo:tag`, or `oci:<dir>:<tag>` for an OCI image layout directory. */
  reference: string;
  /** A signed actor (.wasm) or a provider archive (.par / .par.gz). */
  file: string;
  /** Manifest annotations (wash -a key=value). */
  annotations?: Record<string, string>;
  /** Config blob file (wash -c/--config); `{}` otherwise. */
  configFile?: string;
  allowLatest?: boolean;
  onProgress?: ProgressListener;
  /** Repositories on the same registry that may already hold the blobs (tried as mount sources). */
  mountFrom?: string[];
  /**
   * File remembering digests of unchanged artifacts (see digest-cache.ts), so re-pushing skips
   * hashing; beside it, where blobs were pushed (mount hints, blob-locations.ts). false disables
   * both. Default ~/.cache/nx-wasmcloud/oci-digests.json.
   */
  digestCache?: string | false;
  /** Upload tuning; defaults suit local and remote registries. */
  speculativeUploadMin?: number;
  chunkSize?: number;
  monolithicMax?: number;
}

export interface PushResult {
  /** The reference pushed, in normal form. */
  url: string;
  /** The manifest digest (what wash ≥0.28 prints). */
  digest: string;
  tag: string;
  kind: ArtifactKind;
  /** Blobs sent, found already present, and mounted from another repository. */
  uploaded: number;
  existing: number;
  mounted: number;
}

// Blobs this process pushed, per registry, so a push to a second repository can mount them.
const knownLocations = new Map<string, Map<string, Set<string>>>();

function remember(registry: string, digest: string, repo: string): void {
  let byDigest = knownLocations.get(registry);
  if (!byDigest) knownLocations.set(registry, (byDigest = new Map()));
  let repos = byDigest.get(digest);
  if (!repos) byDigest.set(digest, (repos = new Set()));
  repos.add(repo);
}

/**
 * Validates the artifact as wash does, then pushes config, layer and manifest: blobs the registry
 * has are not sent again, blobs in a sibling repository are mounted, and the manifest is written
 * only after every blob it names is confirmed present.
 */
export async function pushArtifact(options: PushOptions): Promise<PushResult> {
  const env = options.env ?? process.env;
  const file = resolve(options.file);
  const layout = isLayoutReference(options.reference) ? parseLayoutReference(options.reference) : undefined;
  const ref = layout ? undefined : parseReference(options.reference);
  if (ref?.digest) throw new OciError(`push reference '${options.reference}' names a digest; push to a tag (the digest is computed from the content)`);
  const tag = layout ? layout.tag : (ref!.tag ?? 'latest');
  if ((tag === undefined || tag === 'latest') && !options.allowLatest) {
    throw new OciError("Pushing artifacts with tag 'latest' is prohibited: give an explicit tag (e.g. :0.1.0), or pass --allow-latest");
  }

  const fileSize = (await stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new OciError(`cannot read artifact '${file}': ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  })).size;
  const configBytes = options.configFile
    ? await readFile(options.configFile).catch((err: Error) => {
        throw new OciError(`cannot read config file '${options.configFile}': ${err.message}`);
      })
    : Buffer.from('{}');
  const cacheFile = options.digestCache === false ? undefined : (options.digestCache ?? defaultDigestCachePath(env));
  const cached = cacheFile ? await lookupDigest(cacheFile, file).catch(() => undefined) : undefined;

  const connection = layout ? undefined : await connect(ref!.registry, schemeFor(ref!.registry, options.insecure, env), options, {
    chunkSize: options.chunkSize,
    monolithicMax: options.monolithicMax,
  });
  try {
    // A large file whose digest we do not know yet starts uploading while it is hashed and
    // validated; nothing is committed until both succeed (see speculativeUpload).
    const speculative =
      connection && !cached && fileSize >= (options.speculativeUploadMin ?? SPECULATIVE_MIN) ? speculativeUpload(connection.client, ref!.repository, file, fileSize, options.onProgress) : undefined;
    let checked: { kind: ArtifactKind; digest: string; size: number };
    try {
      checked = cached ?? (await hashAndValidate(file, fileSize, cacheFile, options.onProgress));
    } catch (err) {
      await speculative?.cancel();
      throw err;
    }
    const types = mediaTypesFor(checked.kind);
    const configDescriptor: Descriptor = { mediaType: types.config, digest: sha256Digest(configBytes), size: configBytes.length };
    const layerDescriptor: Descriptor = { mediaType: types.layer, digest: checked.digest, size: checked.size };
    const manifest = buildManifest(configDescriptor, [layerDescriptor], options.annotations ?? {});
    const blobs: BlobSource[] = [bufferBlob(configBytes, configDescriptor.digest), fileBlob(file, checked.digest, checked.size)];
    if (layout) {
      const { uploaded } = await pushToLayout(layout.dir, tag, blobs, manifest, options.onProgress);
      return { url: options.reference, digest: manifest.digest, tag: tag ?? '', kind: checked.kind, uploaded, existing: blobs.length - uploaded, mounted: 0 };
    }
    return await pushBlobsAndManifest(connection!.client, ref!, tag!, checked.kind, blobs, manifest, options, speculative);
  } finally {
    connection?.close();
  }
}

/** The mount hints live beside the digest cache. */
function blobLocationsPath(digestCacheFile: string): string {
  return join(dirname(digestCacheFile), 'oci-blob-locations.json');
}

/** Below this, hashing first costs less than a wasted upload could. */
const SPECULATIVE_MIN = 32 << 20;

interface Speculative {
  /** Finishes the upload under `digest`; false if the speculative stream failed (upload normally then). */
  finish(digest: string): Promise<boolean>;
  cancel(): Promise<void>;
}

function speculativeUpload(client: RegistryClient, repo: string, file: string, size: number, onProgress?: ProgressListener): Speculative {
  const abort = new AbortController();
  const session = client.uploadUnfinished(repo, size, (start, end) => createReadStream(file, { start, end: end - 1, highWaterMark: STREAM_CHUNK }), onProgress, abort.signal);
  // Observed here so a cancelled or failed stream is never an unhandled rejection.
  const settled = session.then(
    (location) => ({ location }),
    () => ({ location: undefined }),
  );
  return {
    async finish(digest) {
      const { location } = await settled;
      if (!location) return false;
      try {
        await client.finishUpload(repo, location, digest);
        return true;
      } catch (err) {
        if (err instanceof DigestMismatchError) throw err;
        return false;
      }
    },
    async cancel() {
      abort.abort();
      const { location } = await settled;
      if (location) await client.cancelUpload(repo, location);
    },
  };
}

async function pushBlobsAndManifest(
  client: RegistryClient,
  ref: Reference,
  tag: string,
  kind: ArtifactKind,
  blobs: BlobSource[],
  manifest: { bytes: Buffer; digest: string },
  options: PushOptions,
  speculative: Speculative | undefined,
): Promise<PushResult> {
  const { registry, repository } = ref;
  const layerDigest = blobs[1].digest;
  const locationsFile = options.digestCache === false ? undefined : blobLocationsPath(options.digestCache ?? defaultDigestCachePath(options.env));
  let uploaded = 0;
  let existing = 0;
  let mounted = 0;
  const sent: BlobSource[] = [];
  try {
    for (const blob of blobs) {
      if (await client.blobExists(repository, blob.digest)) {
        existing++;
        options.onProgress?.({ phase: 'exists', digest: blob.digest, bytesDone: blob.size, bytesTotal: blob.size });
        continue;
      }
      const sources = new Set([
        ...(options.mountFrom ?? []),
        ...(knownLocations.get(registry)?.get(blob.digest) ?? []),
        ...(await knownRepositories(locationsFile, registry, blob.digest)),
      ]);
      sources.delete(repository);
      let session: URL | undefined;
      let wasMounted = false;
      for (const from of sources) {
        const result = await client.mountBlob(repository, blob.digest, from);
        if (result === true) {
          wasMounted = true;
          break;
        }
        // The registry opened a plain upload instead; the last one opened is used below.
        session = result;
      }
      sent.push(blob);
      if (wasMounted) {
        mounted++;
        options.onProgress?.({ phase: 'mounted', digest: blob.digest, bytesDone: blob.size, bytesTotal: blob.size });
        continue;
      }
      if (blob.digest === layerDigest && speculative) {
        const done = await speculative.finish(blob.digest);
        speculative = undefined;
        if (session) await client.cancelUpload(repository, session);
        if (done) {
          uploaded++;
          continue;
        }
        session = undefined;
      }
      await client.uploadBlob(repository, blob, options.onProgress, session);
      uploaded++;
    }
  } finally {
    await speculative?.cancel();
  }
  // Blobs just uploaded or mounted are confirmed with HEAD before the manifest names them (the
  // registry checks on PUT too, but this failure names the blob). Ones found by HEAD are known.
  for (const blob of sent) {
    if (!(await client.blobExists(repository, blob.digest))) {
      throw new RegistryError(`blob ${blob.digest} is missing from ${registry}/${repository} after upload; the manifest was not pushed`);
    }
  }
  const stored = await client.putManifest(repository, tag, manifest.bytes, MANIFEST_OCI);
  if (stored && stored !== manifest.digest) {
    throw new RegistryError(`${registry} stored the manifest as ${stored}, but its bytes hash to ${manifest.digest}`);
  }
  options.onProgress?.({ phase: 'manifest', digest: manifest.digest, bytesDone: manifest.bytes.length, bytesTotal: manifest.bytes.length });
  for (const blob of blobs) remember(registry, blob.digest, repository);
  await recordLocations(locationsFile, registry, repository, blobs.map((b) => b.digest));
  return { url: ref.whole, digest: manifest.digest, tag, kind, uploaded, existing, mounted };
}

/**
 * Validation (wash's rules) and the layer digest each read the whole file; they run side by side,
 * and are skipped entirely when the digest cache knows this exact file.
 */
async function hashAndValidate(
  file: string,
  fileSize: number,
  cacheFile: string | undefined,
  onProgress?: ProgressListener,
): Promise<{ kind: ArtifactKind; digest: string; size: number }> {
  const before = await fileIdentity(file);
  const started = Date.now();
  let hashed = 0;
  const [kind, layer] = await Promise.all([
    detectArtifactKind(file),
    fileDigest(file, (n) => {
      hashed += n;
      onProgress?.({ phase: 'hash', digest: '', bytesDone: hashed, bytesTotal: fileSize });
    }),
  ]);
  const result = { kind, digest: layer.digest, size: layer.size };
  if (cacheFile) await storeDigest(cacheFile, file, result, started, before);
  return result;
}
