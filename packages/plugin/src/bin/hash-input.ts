#!/usr/bin/env node
/**
 * Prints what a runtime input hashes. Run by Nx while hashing tasks (twice per invocation, once per
 * distinct command, not per task), so it must be quick, must never fail a run (it prints "absent"
 * instead), and must never print a secret: for keys it prints public keys only.
 *
 *   hash-input.js toolchain <rust|tinygo> [target]   the toolchain the executors would pick
 *   hash-input.js toolchain rustfmt                  the formatter codegen runs over Rust output
 *   hash-input.js keys [directory]                    the public signing keys
 */
// Required per command, not up front: `keys` must not pay for loading the toolchain probes.
const keyLines = () => require('./key-lines') as typeof import('./key-lines');
const toolchainLines = () => require('./toolchain-lines') as typeof import('./toolchain-lines');

async function lines(kind: string | undefined, rest: string[]): Promise<string[]> {
  switch (kind) {
    case 'toolchain':
      return toolchainLines().toolchainLines(rest[0] ?? 'rust', rest[1]);
    case 'keys':
      return keyLines().publicKeyLines(rest[0]);
    default:
      return [`unknown ${kind}`];
  }
}

lines(process.argv[2], process.argv.slice(3))
  .then((l) => process.stdout.write(l.join('\n') + '\n'))
  .catch((e) => process.stdout.write(`error: ${(e as Error).message.split('\n')[0]}\n`));
