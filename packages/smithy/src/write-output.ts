import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SmithyError } from './errors';

export type WriteOutcome = 'written' | 'unchanged';

/**
 * Writes `content` to `file` only when it differs from what is there, via a temp file in the same
 * directory and a rename, so an interrupted run never leaves half a file and Nx/git see no change.
 * With a formatter, the temp file is formatted first and the formatted text is compared.
 */
export function writeIfChanged(file: string, content: string, formatter?: string[]): { outcome: WriteOutcome; warning?: string } {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const ext = basename(file).includes('.') ? basename(file).slice(basename(file).lastIndexOf('.')) : '';
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${Date.now()}.tmp${ext}`);
  writeFileSync(tmp, content);
  let warning: string | undefined;
  try {
    if (formatter?.length) {
      try {
        execFileSync(formatter[0], [...formatter.slice(1), tmp], { stdio: ['ignore', 'ignore', 'pipe'] });
      } catch (err) {
        const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
        warning = e.code === 'ENOENT'
          ? `formatter '${formatter[0]}' not found; ${file} was written unformatted`
          : `formatter '${formatter.join(' ')}' failed on ${file}: ${String(e.stderr ?? e.message).split('\n')[0]}`;
      }
    }
    const next = readFileSync(tmp);
    if (existsSync(file) && readFileSync(file).equals(next)) {
      rmSync(tmp, { force: true });
      return { outcome: 'unchanged', warning };
    }
    renameSync(tmp, file);
    return { outcome: 'written', warning };
  } catch (err) {
    rmSync(tmp, { force: true });
    if ((err as { isUserError?: boolean }).isUserError) throw err;
    throw new SmithyError(`cannot write ${file}: ${(err as Error).message}`);
  }
}
