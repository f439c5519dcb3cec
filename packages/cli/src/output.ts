import { Command, Option } from 'commander';
import { UsageError } from './errors';

export type OutputKind = 'text' | 'json';

/** Where a command writes; tests pass their own to capture output. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** True when stdout is a terminal (progress bars only then). */
  isTty: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Reads all of stdin (for --password-stdin). */
  readStdin(): Promise<string>;
}

export function processIo(): Io {
  return {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    isTty: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** wash's `-o/--output text|json` flag, added to every command that prints a result. */
export function outputOption(): Option {
  return new Option('-o, --output <kind>', 'output format').choices(['text', 'json']).default('text');
}

export function addOutputOption(cmd: Command): Command {
  return cmd.addOption(outputOption());
}

/** Prints a result either as wash's text or as wash's JSON object, depending on `-o`. */
export function printResult(io: Io, output: OutputKind | undefined, text: string, json: unknown): void {
  if (output === 'json') io.out(JSON.stringify(json));
  else io.out(text);
}

/** Parses `key=value` flags (`-a`, `-D`), collecting them in order. */
export function collectKeyValue(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new UsageError(`expected key=value, got '${value}'`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

/** Collects a repeatable flag into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
