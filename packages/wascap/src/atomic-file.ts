import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

// The one temp-file-and-rename rule of the libraries (wascap, par and oci use it): outputs are
// never half written, and a failure leaves the destination as it was.

/** A fresh hidden name beside `dest`, so the final rename stays on one filesystem and is atomic. */
export function tempPathBeside(dest: string): string {
  return join(dirname(dest), `.${basename(dest)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Runs `write(tempPath)` then renames the temp file over `dest`; on any failure the temp file is
 * removed and the error rethrown.
 */
export async function writeAtomically<T>(dest: string, write: (tempPath: string) => Promise<T>): Promise<T> {
  const temp = tempPathBeside(dest);
  try {
    const result = await write(temp);
    await rename(temp, dest);
    return result;
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
