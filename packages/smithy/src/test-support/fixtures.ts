import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIXTURES = join(__dirname, '..', '__fixtures__');

/** A scratch copy of a fixture interface (tests never write into the source tree). */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `smithy-${name}-`));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

export function golden(name: string): string {
  return readFileSync(join(FIXTURES, 'golden', name), 'utf8');
}

/** Rust goldens are rustfmt output; a missing rustfmt is a broken toolchain, not a reason to skip. */
export function requireRustfmt(): void {
  try {
    execFileSync('rustfmt', ['--version'], { stdio: 'pipe' });
  } catch {
    throw new Error('rustfmt is required for the Rust codegen tests (install the Rust toolchain: rustup component add rustfmt)');
  }
}

/** Environment for generate(): no network is ever needed for the bundled wasmCloud models. */
export function isolatedEnv(dir: string): NodeJS.ProcessEnv {
  return { ...process.env, XDG_CACHE_HOME: join(dir, '.cache') };
}
