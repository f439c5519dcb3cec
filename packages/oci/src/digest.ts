import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * Read size for streaming artifacts from disk: few syscalls, yet the buffers garbage collection has
 * not reclaimed yet stay well inside the push's 150 MiB RSS budget.
 */
export const STREAM_CHUNK = 256 << 10;

export function sha256Digest(data: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Streams a file through sha256; returns the digest and the size actually read. */
export async function fileDigest(file: string, onBytes?: (n: number) => void): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: STREAM_CHUNK })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
    onBytes?.((chunk as Buffer).length);
  }
  return { digest: `sha256:${hash.digest('hex')}`, size };
}
