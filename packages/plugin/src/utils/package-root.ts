import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/** This package's root directory, whether running from src/ (tests) or dist/ (published). */
export function packageRoot(): string {
  if (cached) return cached;
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj) && JSON.parse(readFileSync(pj, 'utf8')).name === '@nx-wasmcloud/plugin') {
      cached = dir;
      return dir;
    }
  }
  throw new Error('@nx-wasmcloud/plugin: cannot find its own package.json');
}
