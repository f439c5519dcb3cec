import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Compiles generated Rust with the real rustc against small stand-ins for serde, async_trait and
 * wasmbus-rpc (src/test-support/rust-stubs; crates.io is not reachable here). Only msgpack code
 * generated with `no_serde` is covered by the stand-ins, which is all the injection tests need.
 */
const STUBS = join(__dirname, 'rust-stubs');

export function rustcPath(): string {
  for (const candidate of ['/usr/bin/rustc', 'rustc']) {
    try {
      execFileSync(candidate, ['--version'], { stdio: 'pipe' });
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error('rustc is required for the Rust injection tests (Debian: apt-get install rustc)');
}

export class RustCompiler {
  readonly dir = mkdtempSync(join(tmpdir(), 'smithy-rustc-'));
  private readonly rustc = rustcPath();

  constructor() {
    this.run(['--crate-type', 'proc-macro', '--crate-name', 'stub_macros', join(STUBS, 'stub_macros.rs'), '-o', join(this.dir, 'libstub_macros.so')]);
    this.run(['--crate-type', 'rlib', '--crate-name', 'wasmbus_rpc', join(STUBS, 'wasmbus_rpc.rs'), '-o', join(this.dir, 'libwasmbus_rpc.rlib')]);
  }

  private externs(): string[] {
    const macros = join(this.dir, 'libstub_macros.so');
    return [
      '--extern',
      `serde=${macros}`,
      '--extern',
      `async_trait=${macros}`,
      '--extern',
      `wasmbus_rpc=${join(this.dir, 'libwasmbus_rpc.rlib')}`,
      '-L',
      this.dir,
    ];
  }

  private run(args: string[]): { ok: boolean; stderr: string } {
    const r = spawnSync(this.rustc, ['--edition', '2021', ...args], { encoding: 'utf8', cwd: this.dir });
    if (r.error) throw r.error;
    return { ok: r.status === 0, stderr: r.stderr };
  }

  /** Compiles `source` as the library crate `gen`; the errors rustc printed when it fails. */
  compileLib(source: string): { ok: boolean; stderr: string } {
    const file = join(this.dir, 'gen.rs');
    writeFileSync(file, source);
    return this.run(['--crate-type', 'rlib', '--crate-name', 'gen', '-A', 'warnings', ...this.externs(), file, '-o', join(this.dir, 'libgen.rlib')]);
  }

  /** Builds and runs a program whose `main` body is `mainBody`, linked against the last compiled `gen`. */
  runMain(mainBody: string): string {
    const file = join(this.dir, 'main.rs');
    writeFileSync(file, `extern crate gen;\nfn main() {\n${mainBody}\n}\n`);
    const exe = join(this.dir, 'main');
    const r = this.run(['--crate-type', 'bin', '-A', 'warnings', ...this.externs(), '--extern', `gen=${join(this.dir, 'libgen.rlib')}`, file, '-o', exe]);
    if (!r.ok) throw new Error(`main.rs did not compile:\n${r.stderr}`);
    return execFileSync(exe, { encoding: 'utf8' });
  }

  dispose(): void {
    if (existsSync(this.dir)) rmSync(this.dir, { recursive: true, force: true });
  }
}
