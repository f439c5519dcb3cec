import { readFileSync, statSync } from 'node:fs';
import { SmithyError } from './errors';
import { limitsFromEnv } from './limits';

/**
 * Reads a model file or codegen.toml. Only regular files, and only up to SMITHY_MAX_FILE_BYTES: a
 * path naming /dev/zero or a FIFO would otherwise be read until memory ran out, or block forever.
 */
export function readInputText(file: string, what: string, env: NodeJS.ProcessEnv = process.env): string {
  const max = limitsFromEnv(env).fileMaxBytes;
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new SmithyError(`${what} ${file} is ${kindOf(st)}, not a regular file`);
    size = st.size;
  } catch (err) {
    if (err instanceof SmithyError) throw err;
    throw new SmithyError(`cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (size > max) throw new SmithyError(`${what} ${file} is ${size} bytes, more than ${max} (raise SMITHY_MAX_FILE_BYTES if it is really that large)`);
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new SmithyError(`cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

function kindOf(st: import('node:fs').Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'a special file';
}
