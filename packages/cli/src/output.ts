import { Command, Option } from 'commander';

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

/**
 * wascap's escapeControl (the one definition, beside the claims renderer that needs it too),
 * required on first use: `push`, `pull` and `smithy` must start without loading wascap.
 */
export function escapeControl(text: string, options: { backslash?: boolean } = {}): string {
  return (require('@nx-wasmcloud/wascap') as typeof import('@nx-wasmcloud/wascap')).escapeControl(text, options);
}

/** escapeControl for one-line error messages. */
export function escapeErrorLine(text: string): string {
  return escapeControl(text, { backslash: false });
}

/** A canonical nkey seed: `S` and 57 base32 characters. */
const SEED_IN_TEXT = /S[A-Z2-7]{57}/g;
/** A run of 20+ letters and digits once quotes and spaces are dropped: a seed, typed right or wrong. */
const mayHoldSeed = (v: string) => /[A-Za-z0-9]{20,}/.test(v.replace(/["'`\s]/g, ''));

/**
 * The last guard on stderr: removes canonical seeds and the values of the secret env vars from
 * every line. Messages are built never to hold a secret (keys are named by the flag or env var
 * that gave them); this catches one that slips through, e.g. a seed typed where a command name
 * or a number belongs, which commander quotes back. A key variable counts only when it may hold a
 * seed (a key file path is worth naming), a password only from 8 characters on (so a short one
 * does not blank out ordinary words). stdout is left alone: `keys gen|get` print seeds there on
 * purpose.
 */
export function stderrRedactor(env: NodeJS.ProcessEnv): (line: string) => string {
  const keys = [env.WASH_ISSUER_KEY, env.WASH_SUBJECT_KEY].map((v) => v?.trim()).filter((v): v is string => v !== undefined && mayHoldSeed(v));
  const password = env.WASH_REG_PASSWORD;
  const secrets = [...keys, ...(password && password.length >= 8 ? [password] : [])];
  return (line) => {
    let out = line;
    for (const secret of secrets) out = out.split(secret).join('[redacted]');
    // commander quotes back a mistyped argument (`unknown option '-SMAB LVU…'`): a seed typed with a
    // stray dash or space is not canonical, so the quoted value goes when it may hold one.
    out = out.replace(/(unknown (?:option|command) ')([^']*)(')/g, (m, a: string, v: string, b: string) => (mayHoldSeed(v) ? `${a}[redacted]${b}` : m));
    return out.replace(SEED_IN_TEXT, '[redacted]');
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

/** Collects a repeatable flag into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
