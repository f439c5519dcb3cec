import { createHash, Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ParIoError } from './errors';

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

/** Streams a file through SHA-256 (memory does not depend on the file size). */
export async function hashFile(path: string, what = 'binary'): Promise<FileDigest> {
  const h = newHasher();
  let size = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) {
      h.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (err) {
    throw ioError(err, `cannot read ${what} '${path}'`);
  }
  return { size, hash: hexUpper(h) };
}

/** Turns fs errors into one-line user errors; anything else is a bug and passes through. */
export function ioError(err: unknown, context: string): Error {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : code;
    return new ParIoError(`${context}: ${reason}`);
  }
  return err as Error;
}
