import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { detectArtifactKind, precheckArtifact } from './artifact';
import { beginDigest, defaultDigestCachePath, lookupDigest } from './digest-cache';
import { knownRepositories, recordLocations } from './blob-locations';
import { ConnectionOptions, connect } from './client-factory';
import { maxArtifactBytes, tooLarge } from './limits';
import { fileDigest, sha256Digest } from './digest';
import { escapeControl } from '@nx-wasmcloud/wascap/terminal-text';
import { OciError, RegistryError } from './errors';
import { describeRefusedMove, tagMoved } from './tag-move';
import { CheckedArtifact, SinglePassUpload, startSinglePassUpload } from './single-pass-upload';
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
  /** Refuse larger artifacts (default $NX_WASMCLOUD_OCI_MAX_BYTES, else 512 MiB; see limits.ts). */
  maxBytes?: number;
  /**
   * Refuse, before any blob is uploaded, when the tag already names a different manifest (a
   * re-push of the same content is allowed). Registry references only.
   */
  noOverwrite?: boolean;
}

export interface PushResult {
  /** The reference pushed, in normal form. */
  url: string;
  /** The manifest digest (what wash ≥0.28 prints). */
  digest: string;
  tag: string;
  kind: ArtifactKind;
  /**
   * The digest the tag named before this push; undefined for a new tag (and for an OCI layout).
   * Different from `digest` when the push moved the tag (describeTagMove renders the warning).
   */
  previousDigest?: string;
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
  if (layout && options.noOverwrite) {
    throw new OciError(`--no-overwrite checks registry tags; '${options.reference}' is an OCI layout: push to a registry reference, or drop --no-overwrite`);
  }

  const fileSize = await regularFileSize(file, 'artifact');
  const limit = maxArtifactBytes(options.maxBytes, env);
  if (fileSize > limit) throw tooLarge(`artifact '${file}'`, fileSize, limit);
  const configBytes = options.configFile ? await readConfig(options.configFile) : Buffer.from('{}');
  const cacheFile = options.digestCache === false ? undefined : (options.digestCache ?? defaultDigestCachePath(env));
  const cached = cacheFile ? await lookupDigest(cacheFile, file).catch(() => undefined) : undefined;
  // The first bytes say whether validation can succeed at all: a file that is neither wasm nor an
  // archive, or a module larger than any actor, is refused before a byte is uploaded.
  if (!cached) await precheckArtifact(file, fileSize, env);

  const connection = layout
    ? undefined
    : await connect(ref!.registry, schemeFor(ref!.registry, options.insecure, env), options, {
        chunkSize: options.chunkSize,
        monolithicMax: options.monolithicMax,
      });
  const configBlob = bufferBlob(configBytes, sha256Digest(configBytes));
  const target = connection ? blobTarget(connection.client, ref!, options) : undefined;
  // What the tag names now, asked alongside the work below and needed only before the manifest
  // goes up (or, with noOverwrite, before any blob does).
  const previous = target?.client.manifestDigest(target.repository, tag!);
  previous?.catch(() => undefined);
  let configSent: Promise<BlobOutcome> | undefined;
  try {
    // A large file whose digest we do not know yet is uploaded, hashed and validated in one read;
    // nothing is committed until validation succeeds (see single-pass-upload.ts). The small
    // config blob goes alongside it rather than after: content-addressed and unreferenced until
    // the manifest names it, it is harmless if validation then fails. With noOverwrite and a tag
    // that exists, the manifest digest must be known before anything is uploaded: hashed first.
    const speculative = target && !cached && fileSize >= (options.speculativeUploadMin ?? SINGLE_PASS_MIN);
    const single =
      speculative && !(options.noOverwrite && (await previous) !== undefined)
        ? await startSinglePass(target.client, target.repository, file, fileSize, cacheFile, env, options.onProgress)
        : undefined;
    if (single) {
      configSent = sendBlob(target!, configBlob);
      configSent.catch(() => undefined);
    }
    let checked: CheckedArtifact;
    try {
      checked = cached ?? (await single?.checked) ?? (await hashAndValidate(file, fileSize, cacheFile, env, options.onProgress));
    } catch (err) {
      await single?.upload.cancel();
      throw err;
    }
    const types = mediaTypesFor(checked.kind);
    const configDescriptor: Descriptor = { mediaType: types.config, digest: configBlob.digest, size: configBlob.size };
    const layerDescriptor: Descriptor = { mediaType: types.layer, digest: checked.digest, size: checked.size };
    const manifest = buildManifest(configDescriptor, [layerDescriptor], options.annotations ?? {});
    const layerBlob = fileBlob(file, checked.digest, checked.size);
    if (layout) {
      const blobs = [configBlob, layerBlob];
      const { uploaded } = await pushToLayout(layout.dir, tag, blobs, manifest, options.onProgress);
      return { url: options.reference, digest: manifest.digest, tag: tag ?? '', kind: checked.kind, uploaded, existing: blobs.length - uploaded, mounted: 0 };
    }
    if (options.noOverwrite) {
      const existing = await previous;
      if (tagMoved(existing, manifest.digest)) throw new OciError(describeRefusedMove(`${ref!.registry}/${ref!.repository}:${tag}`, existing, manifest.digest));
    }
    // Both settle before anything fails the push: a sibling still uploading (and retrying) after the
    // connection closes would keep the process alive.
    const settled = await Promise.allSettled([configSent ?? sendBlob(target!, configBlob), sendBlob(target!, layerBlob, single?.upload)]);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const outcomes = settled.map((r) => (r as PromiseFulfilledResult<BlobOutcome>).value);
    const previousDigest = await previous;
    await putManifest(target!, tag!, [configBlob, layerBlob], manifest);
    const count = (o: BlobOutcome) => outcomes.filter((x) => x === o).length;
    return {
      url: ref!.whole,
      digest: manifest.digest,
      tag: tag!,
      kind: checked.kind,
      ...(previousDigest === undefined ? {} : { previousDigest }),
      uploaded: count('uploaded'),
      existing: count('existing'),
      mounted: count('mounted'),
    };
  } finally {
    // An early config upload still running after a failure ends before its connection closes.
    await configSent?.catch(() => undefined);
    // Whatever failed, no upload session is left open on the registry.
    await connection?.client.cancelOpenUploads();
    connection?.close();
  }
}

/** Size of a regular file; a device, FIFO or directory is refused before anything reads it. */
async function regularFileSize(file: string, what: string): Promise<number> {
  const info = await stat(file).catch((err: NodeJS.ErrnoException) => {
    throw new OciError(`cannot read ${what} '${file}': ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  if (!info.isFile()) throw new OciError(`cannot push ${what} '${file}': not a regular file`);
  return info.size;
}

/** Config blobs are small JSON documents; anything larger is a mistake. */
const MAX_CONFIG_BYTES = 4 << 20;

async function readConfig(configFile: string): Promise<Buffer> {
  const size = await regularFileSize(configFile, 'config file');
  if (size > MAX_CONFIG_BYTES) throw new OciError(`config file '${configFile}' is ${size} bytes; a config blob is at most ${MAX_CONFIG_BYTES} bytes of JSON`);
  return readFile(configFile).catch((err: Error) => {
    throw new OciError(`cannot read config file '${configFile}': ${err.message}`);
  });
}

/** Manifest PUTs refused as MANIFEST_BLOB_UNKNOWN are tried this many more times after the blobs are confirmed. */
const MANIFEST_ROUNDS = 3;

/** The mount hints live beside the digest cache. */
function blobLocationsPath(digestCacheFile: string): string {
  return join(dirname(digestCacheFile), 'oci-blob-locations.json');
}

/** Below this, hashing first costs less than a wasted upload could. */
const SINGLE_PASS_MIN = 32 << 20;

/** Starts the single-pass upload; its result, when complete, goes to the digest cache like hashAndValidate's. */
async function startSinglePass(
  client: RegistryClient,
  repo: string,
  file: string,
  size: number,
  cacheFile: string | undefined,
  env: NodeJS.ProcessEnv,
  onProgress?: ProgressListener,
): Promise<{ upload: SinglePassUpload; checked: Promise<CheckedArtifact | undefined> }> {
  const remember = await beginDigest(cacheFile, file);
  const upload = startSinglePassUpload(client, repo, file, size, onProgress, env);
  const checked = upload.checked.then(async (result) => {
    await remember(result);
    return result;
  });
  return { upload, checked };
}

type BlobOutcome = 'uploaded' | 'existing' | 'mounted';

/** Where blobs go, and where mount hints are kept. */
interface BlobTarget {
  client: RegistryClient;
  registry: string;
  repository: string;
  locationsFile?: string;
  options: PushOptions;
}

function blobTarget(client: RegistryClient, ref: Reference, options: PushOptions): BlobTarget {
  const locationsFile = options.digestCache === false ? undefined : blobLocationsPath(options.digestCache ?? defaultDigestCachePath(options.env));
  return { client, registry: ref.registry, repository: ref.repository, locationsFile, options };
}

/**
 * One blob: skipped if the registry has it, mounted from a repository known to hold it, else
 * uploaded (finishing `early`, the upload already under way, when there is one).
 */
async function sendBlob(target: BlobTarget, blob: BlobSource, early?: SinglePassUpload): Promise<BlobOutcome> {
  const { client, registry, repository, options } = target;
  try {
    if (await client.blobExists(repository, blob.digest)) {
      options.onProgress?.({ phase: 'exists', digest: blob.digest, bytesDone: blob.size, bytesTotal: blob.size });
      return 'existing';
    }
    const sources = new Set([
      ...(options.mountFrom ?? []),
      ...(knownLocations.get(registry)?.get(blob.digest) ?? []),
      ...(await knownRepositories(target.locationsFile, registry, blob.digest)),
    ]);
    sources.delete(repository);
    let session: URL | undefined;
    for (const from of sources) {
      const result = await client.mountBlob(repository, blob.digest, from);
      if (result === true) {
        options.onProgress?.({ phase: 'mounted', digest: blob.digest, bytesDone: blob.size, bytesTotal: blob.size });
        return 'mounted';
      }
      // The registry opened a plain upload instead; the last one opened is used below, the
      // earlier ones cancelled.
      if (session) await client.cancelUpload(repository, session);
      session = result;
    }
    if (early) {
      const pending = early;
      early = undefined;
      if (await pending.finish(blob.digest)) {
        if (session) await client.cancelUpload(repository, session);
        return 'uploaded';
      }
    }
    await client.uploadBlob(repository, blob, options.onProgress, session);
    return 'uploaded';
  } finally {
    // Not needed after all (the blob exists or was mounted), or something failed.
    await early?.cancel();
  }
}

/**
 * The manifest goes last, once every blob it names is in place: each was found by HEAD, or its
 * upload or mount was answered 201, which is the registry's own confirmation. A registry that lost
 * a blob anyway refuses the manifest (MANIFEST_BLOB_UNKNOWN, naming the digest).
 */
async function putManifest(target: BlobTarget, tag: string, blobs: BlobSource[], manifest: { bytes: Buffer; digest: string }): Promise<void> {
  const { client, registry, repository, options } = target;
  let stored: string | undefined;
  for (let round = 0; ; round++) {
    try {
      stored = await client.putManifest(repository, tag, manifest.bytes, MANIFEST_OCI);
      break;
    } catch (err) {
      // A concurrent identical push can make a blob look absent for a moment (Distribution's
      // filesystem driver rewrites the repository's layer link in place when the second upload
      // commits). Confirm each blob, upload one that is really missing, and PUT again.
      if (round >= MANIFEST_ROUNDS || !(err instanceof RegistryError) || !err.codes.includes('MANIFEST_BLOB_UNKNOWN')) throw err;
      await new Promise((r) => setTimeout(r, 50 * 2 ** round));
      for (const blob of blobs) if (!(await client.blobExists(repository, blob.digest))) await client.uploadBlob(repository, blob, options.onProgress);
    }
  }
  if (stored && stored !== manifest.digest) {
    throw new RegistryError(
      `${registry} stored the manifest as ${escapeControl(stored.slice(0, 80), { backslash: false })}, but its bytes hash to ${manifest.digest}`,
    );
  }
  options.onProgress?.({ phase: 'manifest', digest: manifest.digest, bytesDone: manifest.bytes.length, bytesTotal: manifest.bytes.length });
  for (const blob of blobs) remember(registry, blob.digest, repository);
  await recordLocations(
    target.locationsFile,
    registry,
    repository,
    blobs.map((b) => b.digest),
  );
}

/**
 * Validation (wash's rules) and the layer digest each read the whole file; they run side by side,
 * and are skipped entirely when the digest cache knows this exact file.
 */
async function hashAndValidate(
  file: string,
  fileSize: number,
  cacheFile: string | undefined,
  env: NodeJS.ProcessEnv,
  onProgress?: ProgressListener,
): Promise<CheckedArtifact> {
  const remember = await beginDigest(cacheFile, file);
  let hashed = 0;
  const [kind, layer] = await Promise.all([
    detectArtifactKind(file, env),
    fileDigest(file, (n) => {
      hashed += n;
      onProgress?.({ phase: 'hash', digest: '', bytesDone: hashed, bytesTotal: fileSize });
    }),
  ]);
  const result = { kind, digest: layer.digest, size: layer.size };
  await remember(result);
  return result;
}
