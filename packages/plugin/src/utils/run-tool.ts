import { execa } from 'execa';
import { PluginUserError } from './user-error';

export interface RunToolOptions {
  cwd: string;
  env: Record<string, string>;
  /** Called with each stdout line instead of printing it (e.g. cargo's JSON messages). */
  onStdoutLine?: (line: string) => void;
}

/**
 * Writes one whole line in one write. Nx's stream mode (`run-many --outputStyle=stream`) prefixes
 * every line of every chunk it reads and drops empty ones, so a tool's partial writes (cargo writes
 * its right-aligned status word and the rest separately) came out as two prefixed lines and its
 * blank lines vanished. A blank line is written as one space, which Nx keeps and no one sees.
 */
export function writeLine(stream: NodeJS.WritableStream, line: string): void {
  stream.write(`${line === '' ? ' ' : line}\n`);
}

/**
 * The tool writes to our pipes, not to the terminal Nx gives us (a pseudo-terminal for a single
 * task), so it would stop colouring its output; where our stderr is a terminal, cargo and Node tools
 * are told to colour anyway, unless the user decided.
 */
export function withTerminalColor(env: Record<string, string>, terminal = process.stderr.isTTY === true): Record<string, string> {
  if (!terminal) return env;
  return { CARGO_TERM_COLOR: 'always', FORCE_COLOR: '1', ...env };
}

/**
 * Runs a tool with array arguments (no shell), its stdout and stderr streamed to ours line by line
 * as they come (see writeLine). execa's `cleanup` kills the tool when this process exits, so a
 * cancelled Nx task leaves nothing behind.
 */
export async function runTool(cmd: string, args: string[], opts: RunToolOptions): Promise<void> {
  const child = execa(cmd, args, {
    cwd: opts.cwd,
    env: withTerminalColor(opts.env),
    extendEnv: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    // Forwarded as it comes, never held: a long build's output is not kept in memory.
    buffer: false,
    reject: false,
    cleanup: true,
    lines: false,
  });
  const forward = async (from: 'stdout' | 'stderr', onLine: (line: string) => void) => {
    for await (const line of child.iterable({ from })) onLine(String(line));
  };
  await Promise.all([forward('stdout', opts.onStdoutLine ?? ((l) => writeLine(process.stdout, l))), forward('stderr', (l) => writeLine(process.stderr, l))]);
  const result = await child;
  if (result.failed) {
    const code = result.exitCode;
    const why =
      (result as { code?: string }).code === 'ENOENT'
        ? `${cmd} not found; install it or put it on PATH`
        : code !== undefined
          ? `exited with code ${code}`
          : `was stopped by ${result.signal ?? 'a signal'}`;
    throw new PluginUserError(`${[cmd, ...args].join(' ')} ${why} (in ${opts.cwd})`);
  }
}
