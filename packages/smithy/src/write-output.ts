import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SmithyError } from './errors';
import { DEFAULT_LIMITS, showMs } from './limits';

export type WriteOutcome = 'written' | 'unchanged';

/**
 * Writes `content` to `file` only when it differs from what is there, via a temp file in the same
 * directory and a rename, so an interrupted run never leaves half a file and Nx/git see no change.
 * With a formatter, the temp file is formatted first and the formatted text is compared.
 */
export function writeIfChanged(
  file: string,
  content: string | Iterable<string>,
  formatter?: string[],
  formatterTimeoutMs: number = DEFAULT_LIMITS.formatterTimeoutMs,
): { outcome: WriteOutcome; warning?: string } {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const ext = basename(file).includes('.') ? basename(file).slice(basename(file).lastIndexOf('.')) : '';
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${Date.now()}.tmp${ext}`);
  let warning: string | undefined;
  try {
    writeChunks(tmp, content);
    if (formatter?.length) warning = format(formatter, tmp, file, formatterTimeoutMs);
    if (sameBytes(file, tmp)) {
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

/**
 * Writes the text as it is generated, a megabyte at a time: the code for a large model is hundreds
 * of megabytes, and holding it as one string (plus its UTF-8 copy) was most of generation's memory.
 */
function writeChunks(file: string, content: string | Iterable<string>): void {
  const fd = openSync(file, 'w');
  try {
    if (typeof content === 'string') {
      writeFileSync(fd, content);
      return;
    }
    let batch: string[] = [];
    let size = 0;
    for (const chunk of content) {
      batch.push(chunk);
      size += chunk.length;
      if (size >= BATCH_CHARS) {
        writeFileSync(fd, batch.join(''));
        batch = [];
        size = 0;
      }
    }
    writeFileSync(fd, batch.join(''));
  } finally {
    closeSync(fd);
  }
}

const BATCH_CHARS = 1 << 20;

/** Whether `a` exists and holds exactly the bytes of `b`, compared block by block. */
function sameBytes(a: string, b: string): boolean {
  if (!existsSync(a) || statSync(a).size !== statSync(b).size) return false;
  const fa = openSync(a, 'r');
  const fb = openSync(b, 'r');
  try {
    const ba = Buffer.alloc(BATCH_CHARS);
    const bb = Buffer.alloc(BATCH_CHARS);
    for (;;) {
      const na = readSync(fa, ba, 0, ba.length, null);
      const nb = readSync(fb, bb, 0, bb.length, null);
      if (na !== nb || !ba.subarray(0, na).equals(bb.subarray(0, nb))) return false;
      if (na === 0) return true;
    }
  } finally {
    closeSync(fa);
    closeSync(fb);
  }
}

/**
 * Runs the formatter on `tmp` with a time limit. Its stderr goes to a file, not a pipe: a formatter
 * that leaves a child holding the pipe open would otherwise keep us waiting after the kill.
 * A missing or failing formatter is a warning (the text is written unformatted, as weld does); one
 * that does not finish is an error, since it would hang every build.
 */
function format(formatter: string[], tmp: string, file: string, timeoutMs: number): string | undefined {
  const errFile = `${tmp}.stderr`;
  const errFd = openSync(errFile, 'w+');
  try {
    execFileSync(formatter[0], [...formatter.slice(1), tmp], { stdio: ['ignore', 'ignore', errFd], timeout: timeoutMs, killSignal: 'SIGKILL' });
    return undefined;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') return `formatter '${formatter[0]}' not found; ${file} was written unformatted`;
    if (e.code === 'ETIMEDOUT') {
      throw new SmithyError(
        `formatter '${formatter.join(' ')}' did not finish within ${showMs(timeoutMs)} on ${file}; fix the formatter setting in codegen.toml, or raise SMITHY_FORMATTER_TIMEOUT=<seconds>`,
      );
    }
    const head = Buffer.alloc(4096); // only the first line is reported
    const stderr = head
      .subarray(0, readSync(errFd, head, 0, head.length, 0))
      .toString('utf8')
      .trim();
    return `formatter '${formatter.join(' ')}' failed on ${file}: ${(stderr || e.message).split('\n')[0]}`;
  } finally {
    closeSync(errFd);
    rmSync(errFile, { force: true });
  }
}
