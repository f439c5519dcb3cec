import { Io } from './output';

/** An Io that records what a command printed, for tests. */
export function captureIo(overrides: Partial<Io> = {}): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (l) => stdout.push(l),
    err: (l) => stderr.push(l),
    isTty: false,
    env: {},
    cwd: process.cwd(),
    readStdin: async () => '',
    ...overrides,
  };
}
