import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { tempPathFor, writeFileAtomic } from './atomic-write';
import { sha256Digest, STREAM_CHUNK } from './digest';
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

function blobPath(dir: string, digest: string): string {
  const [alg, hex] = digest.split(':');
  return join(dir, 'blobs', alg, hex);
}

async function readIndex(dir: string): Promise<LayoutIndex | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, 'index.json'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
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
  const bytes = await readFile(blobPath(dir, found.digest)).catch(() => {
    throw new OciError(`OCI layout ${dir} lists manifest ${found!.digest} but has no blob for it`);
  });
  if (sha256Digest(bytes) !== found.digest) throw new DigestMismatchError(`manifest blob ${found.digest} in ${dir} does not match its digest`);
  return { bytes, digest: found.digest };
}

/** Opens a layout blob for reading (verification is the caller's, as for registry blobs). */
export function openLayoutBlob(dir: string, digest: string): NodeJS.ReadableStream {
  return createReadStream(blobPath(dir, digest), { highWaterMark: STREAM_CHUNK });
}
