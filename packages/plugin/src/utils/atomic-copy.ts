import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';

/** Copies to a temp file beside `dest`, then renames: a reader never sees half a file. */
export async function atomicCopy(src: string, dest: string, mode?: number): Promise<void> {
  await fs.mkdir(dirname(dest), { recursive: true });
  const tmp = `${dest}.${process.pid}.${Date.now()}.tmp`;
  try {
    await fs.copyFile(src, tmp);
    if (mode !== undefined) await fs.chmod(tmp, mode);
    await fs.rename(tmp, dest);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}
