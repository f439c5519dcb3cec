import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { PluginUserError } from './user-error';

export interface RustToolchain {
  cargo: string;
  rustc: string;
  /** Environment for cargo: RUSTC pins the compiler that was checked. */
  env: Record<string, string>;
}

const DEBIAN = { cargo: '/usr/bin/cargo', rustc: '/usr/bin/rustc' };

/**
 * stdout of a short query command (array arguments, no shell). Plain execFile, not execa: this runs
 * inside Nx's hashing (runtime inputs), where loading execa would cost more than the query.
 */
export function capture(cmd: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { env, encoding: 'utf8', maxBuffer: 1 << 20 }, (err, stdout) => (err ? reject(err) : resolve(stdout.trim())));
  });
}

async function sysroot(rustc: string, env: Record<string, string>): Promise<string | undefined> {
  try {
    return await capture(rustc, ['--print', 'sysroot'], env);
  } catch {
    return undefined;
  }
}

async function runs(cmd: string, env: Record<string, string>): Promise<boolean> {
  try {
    await capture(cmd, ['--version'], env);
    return true;
  } catch {
    return false;
  }
}

const hasTarget = (root: string, target: string) => existsSync(join(root, 'lib', 'rustlib', target));

/**
 * rustc links wasm32 with `rust-lld`: rustup ships it in the sysroot; Debian's rustc expects
 * /usr/bin/rust-lld, a link into the lld package that libstd-rust-dev-wasm32 only recommends.
 * existsSync follows links, so a dangling /usr/bin/rust-lld counts as missing.
 */
function hasWasmLinker(root: string, env: Record<string, string>): boolean {
  if (existsSync(join(root, 'bin', 'rust-lld'))) return true;
  const rustlib = join(root, 'lib', 'rustlib');
  try {
    for (const triple of readdirSync(rustlib)) if (existsSync(join(rustlib, triple, 'bin', 'rust-lld'))) return true;
  } catch {
    // no rustlib dir: fall through to PATH
  }
  return (env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, 'rust-lld')));
}

/**
 * Picks the Rust toolchain to build with. CARGO / RUSTC (or [rust].cargo_path) win when set; else the
 * cargo/rustc on PATH, else Debian's /usr/bin ones, taking the first whose sysroot has `target`'s
 * standard library (a rustup toolchain without `rustup target add` has none). Never guesses silently:
 * when nothing fits, one line says what to install.
 */
export async function selectRustToolchain(opts: { env: Record<string, string>; target?: string; cargoPath?: string }): Promise<RustToolchain> {
  const { env, target } = opts;
  const explicit = opts.cargoPath ?? env.CARGO;
  const candidates = explicit || env.RUSTC ? [{ cargo: explicit ?? 'cargo', rustc: env.RUSTC ?? 'rustc' }] : [{ cargo: 'cargo', rustc: 'rustc' }, DEBIAN];
  const checked: string[] = [];
  let anyCompiler = false;
  let linkerMissing = false;
  for (const c of candidates) {
    const root = await sysroot(c.rustc, env);
    if (root === undefined) {
      checked.push(`${c.rustc}: not found`);
      continue;
    }
    anyCompiler = true;
    if (target && !hasTarget(root, target)) {
      checked.push(`${c.rustc}: no ${target} in ${root}`);
      continue;
    }
    if (target?.startsWith('wasm32') && !hasWasmLinker(root, env)) {
      linkerMissing = true;
      checked.push(`${c.rustc}: no rust-lld linker`);
      continue;
    }
    if (!(await runs(c.cargo, env))) {
      checked.push(`${c.cargo}: not found`);
      continue;
    }
    return { ...c, env: { ...env, RUSTC: c.rustc } };
  }
  if (!anyCompiler) {
    throw new PluginUserError(`cargo/rustc not found (${checked.join('; ')}): install Rust from https://rustup.rs or "apt-get install cargo rustc"`);
  }
  if (linkerMissing) {
    throw new PluginUserError(
      `no rust-lld linker for ${target} (${checked.join('; ')}): install lld (Debian: "apt-get install lld-14"; rustup toolchains ship it)`,
    );
  }
  if (target) {
    throw new PluginUserError(
      `no Rust toolchain with the ${target} target (${checked.join('; ')}): run "rustup target add ${target}"` +
        (target.startsWith('wasm32') ? ' (Debian: "apt-get install libstd-rust-dev-wasm32")' : ''),
    );
  }
  throw new PluginUserError(`cargo not found (${checked.join('; ')}): install Rust from https://rustup.rs or "apt-get install cargo"`);
}

/** The host triple of a rustc (`rustc -vV` "host:" line). */
export async function hostTriple(tc: RustToolchain): Promise<string> {
  const m = /^host:\s*(\S+)/m.exec(await capture(tc.rustc, ['-vV'], tc.env));
  if (!m) throw new PluginUserError(`${tc.rustc} -vV printed no host triple; check the Rust installation`);
  return m[1];
}

export async function selectTinygo(opts: { env: Record<string, string>; tinygoPath?: string }): Promise<string> {
  const tinygo = opts.tinygoPath ?? 'tinygo';
  try {
    await capture(tinygo, ['version'], opts.env);
  } catch {
    throw new PluginUserError(`${tinygo} not found: install TinyGo (https://tinygo.org/getting-started/install/) or set [tinygo] tinygo_path`);
  }
  return tinygo;
}
