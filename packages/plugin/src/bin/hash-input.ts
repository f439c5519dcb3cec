#!/usr/bin/env node
/**
 * Prints what a runtime input hashes. Run by Nx while hashing tasks (twice per invocation, once per
 * distinct command, not per task), so it must be quick, must never fail a run (it prints "absent"
 * instead), and must never print a secret: for keys it prints public keys only.
 *
 *   hash-input.js toolchain <rust|tinygo> [target]   the toolchain the executors would pick
 *   hash-input.js keys <module|service> [directory]   the public signing keys
 */
import { publicKeyLines, toolchainLines } from './hash-input-lines';

async function lines(kind: string | undefined, rest: string[]): Promise<string[]> {
  switch (kind) {
    case 'toolchain':
      return toolchainLines(rest[0] ?? 'rust', rest[1]);
    case 'keys':
      return publicKeyLines(rest[0] ?? 'module', rest[1]);
    default:
      return [`unknown ${kind}`];
  }
}

lines(process.argv[2], process.argv.slice(3))
  .then((l) => process.stdout.write(l.join('\n') + '\n'))
  .catch((e) => process.stdout.write(`error: ${(e as Error).message.split('\n')[0]}\n`));
