import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyPair, signActor, SignActorOptions } from '@nx-wasmcloud/wascap';
import { watActor, WatActorOptions } from './wat-actor';

/**
 * Built fixtures are cached by content hash under the temp dir, so a test run compiles each WAT or
 * Rust source once (the Rust build takes seconds); signing happens in each test, with fresh keys.
 */
const CACHE = join(tmpdir(), 'nx-wasmcloud-host-fixtures');

function cached(key: string, build: (out: string) => void): Uint8Array {
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.wasm`);
  if (!existsSync(file)) {
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    build(tmp);
    renameSync(tmp, file);
  }
  return new Uint8Array(readFileSync(file));
}

function tool(cmd: string, args: string[], hint: string): void {
  try {
    execFileSync(cmd, args, { stdio: 'pipe' });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === 'ENOENT') throw new Error(`${cmd} is required by these tests but was not found: ${hint}`, { cause: e });
    throw new Error(`${cmd} ${args.join(' ')} failed: ${err.stderr?.toString() ?? err.message}`, { cause: e });
  }
}

export function wat2wasm(wat: string): Uint8Array {
  return cached(`wat\0${wat}`, (out) => {
    const dir = mkdtempSync(join(tmpdir(), 'host-wat-'));
    try {
      writeFileSync(join(dir, 'a.wat'), wat);
      tool('wat2wasm', [join(dir, 'a.wat'), '-o', out], 'install wabt (tools/ensure-system-deps.sh)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

export function watActorModule(options: WatActorOptions): Uint8Array {
  return wat2wasm(watActor(options));
}

const RUSTC = '/usr/bin/rustc';

/** A Rust actor (no crates) built with the real toolchain for wasm32-unknown-unknown. */
export function rustActorModule(): Uint8Array {
  const source = readFileSync(join(__dirname, 'rust-actor.rs'), 'utf8');
  let version: string;
  try {
    version = execFileSync(RUSTC, ['--version'], { encoding: 'utf8' });
  } catch {
    throw new Error(`${RUSTC} is required by these tests but was not found: install Debian rustc and libstd-rust-dev-wasm32 (tools/ensure-system-deps.sh)`);
  }
  return cached(`rust\0${version}\0${source}`, (out) => {
    const dir = mkdtempSync(join(tmpdir(), 'host-rust-'));
    try {
      writeFileSync(join(dir, 'lib.rs'), source);
      tool(
        RUSTC,
        ['--target', 'wasm32-unknown-unknown', '--crate-type', 'cdylib', '-O', '-C', 'strip=debuginfo', '--edition', '2021', '-o', out, join(dir, 'lib.rs')],
        'install libstd-rust-dev-wasm32',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

export interface Signed {
  bytes: Uint8Array;
  issuer: KeyPair;
  subject: KeyPair;
  publicKey: string;
}

export async function sign(
  module: Uint8Array,
  options: Partial<Omit<SignActorOptions, 'issuer' | 'subject'>> & { issuer?: KeyPair; subject?: KeyPair } = {},
): Promise<Signed> {
  const issuer = options.issuer ?? KeyPair.create('account');
  const subject = options.subject ?? KeyPair.create('module');
  const bytes = await signActor(module, { name: 'test-actor', ...options, issuer, subject, env: {} });
  return { bytes, issuer, subject, publicKey: subject.publicKey };
}

/** The Host.Call payload framing of the WAT and Rust test actors. */
export function hostCallPayload(binding: string, namespace: string, operation: string, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const enc = new TextEncoder();
  const parts = [binding, namespace, operation].map((s) => enc.encode(s));
  const out: number[] = [];
  for (const p of parts) {
    if (p.length > 255) throw new Error('fixture framing: field over 255 bytes');
    out.push(p.length, ...p);
  }
  return new Uint8Array([...out, ...payload]);
}

export const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
