import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CC = process.env.CC || '/usr/bin/cc';

/**
 * Compiles a tiny C program that prints `message`: a real native provider-like binary, built by
 * the test rather than committed. Fails (never skips) when no C compiler is installed.
 */
export function buildCBinary(dir: string, name: string, message: string): string {
  if (!existsSync(CC)) {
    throw new Error(`C compiler ${CC} not found: these tests build real native binaries; install build-essential or set CC`);
  }
  const src = join(dir, `${name}.c`);
  const out = join(dir, name);
  writeFileSync(src, `#include <stdio.h>\nint main(void) { puts(${JSON.stringify(message)}); return 0; }\n`);
  execFileSync(CC, ['-O1', '-o', out, src], { stdio: 'pipe' });
  return out;
}
