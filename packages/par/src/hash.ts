import { createHash, Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ioError } from './io-error';
import { regularFile } from './input-file';

export { ioError };

export interface FileDigest {
  size: number;
  /** HEXUPPER SHA-256, the `target_hashes` spelling. */
  hash: string;
}

export const READ_CHUNK = 1024 * 1024;

export function newHasher(): Hash {
  return createHash('sha256');
}

export function hexUpper(h: Hash): string {
  return h.digest('hex').toUpperCase();
}

/**
 * Streams a regular file through SHA-256 (memory does not depend on the file size), reading no more
 * than the size stat reported; a file that grows later is caught when the archive is written.
 */
export async function hashFile(path: string, what = 'binary'): Promise<FileDigest> {
  const { size: statSize } = await regularFile(path, what);
  const h = newHasher();
  let size = 0;
  try {
    for await (const chunk of statSize === 0 ? [] : createReadStream(path, { highWaterMark: READ_CHUNK, end: statSize - 1 })) {
      h.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (err) {
    throw ioError(err, `cannot read ${what} '${path}'`);
  }
  return { size, hash: hexUpper(h) };
}
