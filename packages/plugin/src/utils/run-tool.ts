import { execa } from 'execa';
import { PluginUserError } from './user-error';

export interface RunToolOptions {
  cwd: string;
  env: Record<string, string>;
  /** Called with each stdout line instead of printing it (e.g. cargo's JSON messages). */
  onStdoutLine?: (line: string) => void;
}

/**
 * Runs a tool with array arguments (no shell), its output streamed to ours as it comes. execa's
 * `cleanup` kills the tool when this process exits, so a cancelled Nx task leaves nothing behind.
 */
export async function runTool(cmd: string, args: string[], opts: RunToolOptions): Promise<void> {
  const child = execa(cmd, args, {
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: false,
    stdin: 'ignore',
    stdout: opts.onStdoutLine ? 'pipe' : 'inherit',
    stderr: 'inherit',
    reject: false,
    cleanup: true,
    lines: false,
  });
  if (opts.onStdoutLine) {
    for await (const line of child.iterable({ from: 'stdout' })) opts.onStdoutLine(String(line));
  }
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
