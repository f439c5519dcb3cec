import { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { ParIoError } from './errors';
import { ioError } from './io-error';

/**
 * Inputs (binaries, schema files) must be regular files: a device such as /dev/zero or a FIFO would
 * be read forever, or block on open. Checked with stat, before anything opens the path.
 */
export async function regularFile(path: string, what: string): Promise<{ size: number }> {
  let st: Stats;
  try {
    st = await stat(path);
  } catch (err) {
    throw ioError(err, `cannot read ${what} '${path}'`);
  }
  if (!st.isFile()) {
    throw new ParIoError(`${what} '${path}' is ${kindOf(st)}, not a regular file; give the file itself`);
  }
  return { size: st.size };
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'a special file';
}
