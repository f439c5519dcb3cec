import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Runs `write(tempPath)` then renames the temp file over `dest`, so readers never see a half
 * written file and a failure leaves `dest` as it was. The temp file sits beside `dest` so the
 * rename stays on one filesystem.
 */
export async function writeAtomically<T>(dest: string, write: (tempPath: string) => Promise<T>): Promise<T> {
  const temp = join(dirname(dest), `.${basename(dest)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const result = await write(temp);
    await rename(temp, dest);
    return result;
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
