import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { Readable } from 'node:stream';
import { tempPathFor, writeFileAtomic } from './atomic-write';
import { sha256Digest, STREAM_CHUNK } from './digest';
import { escapeControl } from '@nx-wasmcloud/wascap/terminal-text';
import { DigestMismatchError, OciError } from './errors';
import { Descriptor } from './manifest';
import { MANIFEST_OCI, REF_NAME_ANNOTATION } from './media-types';
import { BlobSource, ProgressListener, verifyStream } from './registry-client';

/**
 * An OCI image layout directory (image-spec layout.md): `oci-layout`, `index.json` and
 * content-addressed `blobs/<alg>/<hex>`, the format `skopeo copy oci:<dir>:<tag>` reads.
 */
interface LayoutIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;

/** index.json and manifests are small; anything larger is not a layout we wrote or skopeo wrote. */
const MAX_INDEX_BYTES = 4 << 20;

/**
 * The path of a blob. The digest comes from a file the layout's author controls, so it is checked
 * strictly (sha256 and 64 lowercase hex, nothing else): no `..`, no separator, no other algorithm.
 */
function blobPath(dir: string, digest: string): string {
  if (typeof digest !== 'string' || !SHA256_DIGEST.test(digest)) {
    const shown = typeof digest === 'string' ? escapeControl(digest.slice(0, 80), { backslash: false }) : typeof digest;
    const alg = typeof digest === 'string' ? /^([a-z0-9]+):[0-9a-f]+$/.exec(digest)?.[1] : undefined;
    throw new OciError(
      alg && alg !== 'sha256'
        ? `OCI layout ${dir} names a blob by ${alg} ('${shown}'): only sha256 digests are read`
        : `OCI layout ${dir} names a blob by an invalid digest '${shown}': expected sha256: and 64 lowercase hex characters`,
    );
  }
  return join(dir, 'blobs', 'sha256', digest.slice(7));
}

/**
 * Opens a layout file for reading only if it is a regular file inside the layout (a symlink out of
 * it, a device such as /dev/zero, or a FIFO is refused), and reads at most `max` bytes plus one, so
 * the caller sees an oversized file as too long instead of reading it to the end.
 */
async function openInside(dir: string, file: string, max: number, what: string): Promise<Readable | undefined> {
  const info = await stat(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw new OciError(`OCI layout ${dir}: cannot read ${what} (${err.code ?? err.message})`);
  });
  if (!info) return undefined;
  if (!info.isFile()) throw new OciError(`OCI layout ${dir}: ${what} is not a regular file`);
  const [root, real] = await Promise.all([realpath(dir), realpath(file)]);
  if (!real.startsWith(root + sep)) throw new OciError(`OCI layout ${dir}: ${what} resolves outside the layout`);
  return createReadStream(real, { start: 0, end: max, highWaterMark: STREAM_CHUNK });
}

/** Reads a small layout file (index.json, a manifest), refusing more than `max` bytes. */
async function readSmall(dir: string, file: string, max: number, what: string): Promise<Buffer | undefined> {
  const stream = await openInside(dir, file, max, what);
  if (!stream) return undefined;
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > max) {
      stream.destroy();
      throw new OciError(`OCI layout ${dir}: ${what} is larger than ${max} bytes`);
    }
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}

async function readIndex(dir: string): Promise<LayoutIndex | undefined> {
  const bytes = await readSmall(dir, join(dir, 'index.json'), MAX_INDEX_BYTES, 'index.json');
  if (!bytes) return undefined;
  const text = bytes.toString('utf8');
  try {
    const index = JSON.parse(text) as LayoutIndex;
    if (!Array.isArray(index.manifests)) throw new Error('no manifests array');
    return index;
  } catch (err) {
    throw new OciError(`${join(dir, 'index.json')} is not a valid OCI image index (${(err as Error).message})`);
  }
}

/** Writes one blob unless present, verifying the bytes on the way in. */
async function putBlob(dir: string, blob: BlobSource, onProgress?: ProgressListener): Promise<boolean> {
  const target = blobPath(dir, blob.digest);
  const existing = await stat(target).catch(() => undefined);
  if (existing?.size === blob.size) {
    onProgress?.({ phase: 'exists', digest: blob.digest, bytesDone: blob.size, bytesTotal: blob.size });
    return false;
  }
  await mkdir(join(target, '..'), { recursive: true });
  const tmp = tempPathFor(target);
  try {
    await verifyStream(blob.open(0, blob.size), createWriteStream(tmp), blob.digest, blob.size, (done) =>
      onProgress?.({ phase: 'upload', digest: blob.digest, bytesDone: done, bytesTotal: blob.size }),
    );
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return true;
}

/** Adds blobs and a manifest to the layout and names it `tag` in index.json (replacing an older entry). */
export async function pushToLayout(
  dir: string,
  tag: string | undefined,
  blobs: BlobSource[],
  manifest: { bytes: Buffer; digest: string },
  onProgress?: ProgressListener,
): Promise<{ uploaded: number }> {
  await mkdir(dir, { recursive: true });
  let uploaded = 0;
  for (const blob of blobs) if (await putBlob(dir, blob, onProgress)) uploaded++;
  await putBlob(dir, { digest: manifest.digest, size: manifest.bytes.length, open: () => Readable.from([manifest.bytes]) });
  await writeFileAtomic(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  const index: LayoutIndex = (await readIndex(dir)) ?? { schemaVersion: 2, manifests: [] };
  const entry: Descriptor = {
    mediaType: MANIFEST_OCI,
    digest: manifest.digest,
    size: manifest.bytes.length,
    ...(tag ? { annotations: { [REF_NAME_ANNOTATION]: tag } } : {}),
  };
  index.manifests = index.manifests.filter((m) => (tag ? m.annotations?.[REF_NAME_ANNOTATION] !== tag : m.digest !== manifest.digest));
  index.manifests.push(entry);
  await writeFileAtomic(join(dir, 'index.json'), JSON.stringify(index));
  return { uploaded };
}

/** Finds a manifest in the layout by tag, by digest, or the only one there is. */
export async function readLayoutManifest(dir: string, tag?: string, digest?: string): Promise<{ bytes: Buffer; digest: string }> {
  const index = await readIndex(dir);
  if (!index) throw new OciError(`${dir} is not an OCI image layout (no index.json)`);
  const tags = index.manifests.map((m) => m.annotations?.[REF_NAME_ANNOTATION]).filter(Boolean);
  let found: Descriptor | undefined;
  if (tag) found = index.manifests.find((m) => m.annotations?.[REF_NAME_ANNOTATION] === tag);
  else if (digest) found = index.manifests.find((m) => m.digest === digest);
  else if (index.manifests.length === 1) found = index.manifests[0];
  if (!found) {
    throw new OciError(
      tag || digest
        ? `OCI layout ${dir} has no manifest ${tag ? `tagged '${tag}'` : digest} (tags: ${tags.join(', ') || 'none'})`
        : `OCI layout ${dir} holds ${index.manifests.length} manifests: name one with oci:${dir}:<tag> (tags: ${tags.join(', ') || 'none'})`,
    );
  }
  const path = blobPath(dir, found.digest);
  const max = Number.isSafeInteger(found.size) && found.size >= 0 ? Math.min(found.size, MAX_INDEX_BYTES) : MAX_INDEX_BYTES;
  const bytes = await readSmall(dir, path, max, `manifest ${found.digest}`);
  if (!bytes) throw new OciError(`OCI layout ${dir} lists manifest ${found.digest} but has no blob for it`);
  if (sha256Digest(bytes) !== found.digest) throw new DigestMismatchError(`manifest blob ${found.digest} in ${dir} does not match its digest`);
  return { bytes, digest: found.digest };
}

/**
 * Opens a layout blob for reading, at most its declared size plus one byte (so verifyStream sees a
 * longer file as too long); the digest check is the caller's, as for registry blobs.
 */
export async function openLayoutBlob(dir: string, digest: string, size: number): Promise<NodeJS.ReadableStream> {
  const stream = await openInside(dir, blobPath(dir, digest), size, `blob ${digest}`);
  if (!stream) throw new OciError(`OCI layout ${dir} has no blob ${digest}`);
  return stream;
}
