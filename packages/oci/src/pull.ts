import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, stat, truncate } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { detectArtifactKind } from './artifact';
import { tempPathFor, writeFileAtomic } from './atomic-write';
import { ConnectionOptions, connect } from './client-factory';
import { sha256Digest } from './digest';
import { escapeControl } from '@nx-wasmcloud/wascap/terminal-text';
import { DigestMismatchError, OciError } from './errors';
import { trackTempPath } from './exit-cleanup';
import { hostCachePaths } from './host-cache';
import { maxArtifactBytes, tooLarge } from './limits';
import { Descriptor, parsePulledManifest } from './manifest';
import { ArtifactKind, PROVIDER_LAYER } from './media-types';
import { openLayoutBlob, readLayoutManifest } from './oci-layout';
import { isLayoutReference, normaliseDigest, parseLayoutReference, parseReference } from './reference';
import { ProgressListener, schemeFor, verifyStream } from './registry-client';

export interface PullOptions extends ConnectionOptions {
  /** `registry/repo:tag`, `registry/repo@sha256:…`, or `oci:<dir>[:<tag>]`. */
  reference: string;
  /** Output file; default `<last repository segment>.wasm` or `.par.gz` in `cwd`, as wash names it. */
  destination?: string;
  /** Expected manifest digest (wash --digest; `sha256:` is added if missing). */
  digest?: string;
  allowLatest?: boolean;
  /** Also write the hosts' cache files ($TMPDIR/wasmcloud_ocicache/<ref>.bin/.digest) and reuse them. */
  hostCache?: boolean;
  /** Check the pulled bytes are a signed actor or a PAR, as wash pull does (default true). */
  validate?: boolean;
  cwd?: string;
  onProgress?: ProgressListener;
  /** Refuse artifacts whose layers declare more bytes (default $NX_WASMCLOUD_OCI_MAX_BYTES, else 512 MiB; see limits.ts). */
  maxBytes?: number;
}

export interface PullResult {
  file: string;
  /** Manifest digest. */
  digest: string;
  /** Media type of the (first) layer. */
  mediaType: string;
  kind?: ArtifactKind;
  /** True when the content came from the host cache without downloading blobs. */
  fromCache: boolean;
}

function defaultName(repository: string, kind: ArtifactKind | undefined, layerType: string): string {
  const last = repository.split('/').pop() ?? 'artifact';
  const provider = kind ? kind === 'provider' : layerType === PROVIDER_LAYER;
  return `${last}${provider ? '.par.gz' : '.wasm'}`;
}

/**
 * Pulls by tag or digest: checks the manifest digest (the reference's, and --digest), accepts the
 * layer types wash accepts, streams every layer into one file while verifying each blob's size and
 * digest, validates the result as wash does, then renames it into place.
 */
export async function pullArtifact(options: PullOptions): Promise<PullResult> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const expected = options.digest ? normaliseDigest(options.digest) : undefined;
  const layout = isLayoutReference(options.reference) ? parseLayoutReference(options.reference) : undefined;
  const ref = layout ? undefined : parseReference(options.reference);
  if (ref && !ref.digest && !options.allowLatest) {
    if (!ref.tag) throw new OciError(`Registry URLs must have explicit tag: '${options.reference}' has none. To pull latest, use --allow-latest`);
    if (ref.tag === 'latest') throw new OciError("Pulling artifacts with tag 'latest' is prohibited: give an explicit tag, or pass --allow-latest");
  }
  const what = ref ? ref.whole : options.reference;
  const connection = ref ? await connect(ref.registry, schemeFor(ref.registry, options.insecure, env), options) : undefined;
  try {
    let manifestBytes: Buffer;
    let contentType: string | undefined;
    let headerDigest: string | undefined;
    if (layout) {
      ({ bytes: manifestBytes } = await readLayoutManifest(layout.dir, layout.tag, expected));
    } else {
      ({
        bytes: manifestBytes,
        mediaType: contentType,
        headerDigest,
      } = await connection!.client.getManifest(ref!.repository, ref!.digest ?? ref!.tag ?? 'latest'));
    }
    const digest = sha256Digest(manifestBytes);
    if (ref?.digest && ref.digest !== digest) throw new DigestMismatchError(`manifest of ${what} hashes to ${digest}, not the digest in the reference`);
    if (headerDigest && headerDigest.startsWith('sha256:') && headerDigest !== digest) {
      throw new DigestMismatchError(
        `manifest of ${what} hashes to ${digest}, but the registry named it ${escapeControl(headerDigest.slice(0, 80), { backslash: false })}`,
      );
    }
    if (expected && expected !== digest) throw new DigestMismatchError(`digest mismatch for ${what}: expected ${expected}, the manifest's digest is ${digest}`);
    const manifest = parsePulledManifest(manifestBytes, what, contentType);
    const layerType = manifest.layers[0].mediaType;
    const total = manifest.layers.reduce((n, l) => n + l.size, 0);
    // Declared sizes are the registry's word; the limit stops a hostile one before the disk fills,
    // and each layer's download stops at its declared size (verifyStream).
    const limit = maxArtifactBytes(options.maxBytes, env);
    if (total > limit)
      throw tooLarge(`${what} (${manifest.layers.length} layer${manifest.layers.length === 1 ? '' : 's'} as its manifest declares them)`, total, limit);

    const cache = options.hostCache ? hostCachePaths(options.reference, env) : undefined;
    const explicit = options.destination ? resolve(cwd, options.destination) : cache?.bin;
    const cacheHit = cache !== undefined && (await cachedDigest(cache)) === digest && (await stat(cache.bin).catch(() => undefined))?.size === total;
    if (cacheHit && explicit === cache.bin) {
      // The hosts' reuse rule: same manifest digest, so the cached bytes are the blobs'.
      return {
        file: cache.bin,
        digest,
        mediaType: layerType,
        kind: options.validate === false ? undefined : await detectArtifactKind(cache.bin, env),
        fromCache: true,
      };
    }
    const workDir = explicit ? dirname(explicit) : cwd;
    await mkdir(workDir, { recursive: true });
    const tmp = tempPathFor(join(workDir, 'pull'));
    // Removed on every exit path, Ctrl-C and SIGTERM included (exit-cleanup.ts).
    const releaseTmp = trackTempPath(tmp);
    try {
      if (cacheHit) await copyFile(cache!.bin, tmp);
      else {
        await downloadLayers(manifest.layers, tmp, (layer, openOut) =>
          connection
            ? connection.client.downloadBlob(ref!.repository, layer.digest, layer.size, openOut, options.onProgress)
            : openLayoutBlob(layout!.dir, layer.digest, layer.size).then((input) =>
                verifyStream(input, openOut(), layer.digest, layer.size, (done) =>
                  options.onProgress?.({ phase: 'download', digest: layer.digest, bytesDone: done, bytesTotal: layer.size }),
                ),
              ),
        );
      }
      const kind = options.validate === false ? undefined : await detectArtifactKind(tmp, env);
      const file = explicit ?? join(cwd, defaultName(ref?.repository ?? basename(layout!.dir), kind, layerType));
      if (cache) {
        await mkdir(dirname(cache.bin), { recursive: true });
        if (file !== cache.bin && !cacheHit) {
          const cacheTmp = tempPathFor(cache.bin);
          const releaseCacheTmp = trackTempPath(cacheTmp);
          try {
            await copyFile(tmp, cacheTmp);
            await rename(cacheTmp, cache.bin);
          } finally {
            await rm(cacheTmp, { force: true });
            releaseCacheTmp();
          }
        }
        await writeFileAtomic(cache.digest, digest);
      }
      await rename(tmp, file);
      return { file, digest, mediaType: layerType, kind, fromCache: cacheHit };
    } finally {
      await rm(tmp, { force: true });
      releaseTmp();
    }
  } finally {
    connection?.close();
  }
}

async function cachedDigest(cache: { digest: string }): Promise<string | undefined> {
  const text = await readFile(cache.digest, 'utf8').catch(() => '');
  return text.trim() || undefined;
}

/**
 * Streams layer after layer into `file` at its offset; a retried layer re-opens its writer at the
 * same offset, so a half-written try is overwritten, and the file is cut to the exact total at the end.
 */
async function downloadLayers(
  layers: Descriptor[],
  file: string,
  fetchLayer: (layer: Descriptor, openOut: () => NodeJS.WritableStream) => Promise<void>,
): Promise<void> {
  let offset = 0;
  await writeFileAtomic(file, Buffer.alloc(0));
  for (const layer of layers) {
    const start = offset;
    await fetchLayer(layer, () => createWriteStream(file, { flags: 'r+', start }));
    offset += layer.size;
  }
  await truncate(file, offset);
}
