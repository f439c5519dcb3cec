import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

let checked = false;

/** Compiles WebAssembly text with wabt's wat2wasm; fails (never skips) when it is not installed. */
export function wat2wasm(wat: string, flags: string[] = ['--debug-names']): Uint8Array {
  if (!checked) {
    try {
      execFileSync('wat2wasm', ['--version'], { stdio: 'pipe' });
    } catch {
      throw new Error('wat2wasm (wabt) is required by these tests but was not found on PATH: run tools/ensure-system-deps.sh or install wabt');
    }
    checked = true;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'wascap-wat-'));
  try {
    writeFileSync(path.join(dir, 'm.wat'), wat);
    execFileSync('wat2wasm', [...flags, path.join(dir, 'm.wat'), '-o', path.join(dir, 'm.wasm')], { stdio: 'pipe' });
    return new Uint8Array(readFileSync(path.join(dir, 'm.wasm')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A small actor-like module: an export, a memory with data, and (with --debug-names) a `name` custom section. */
export const ECHO_WAT = `(module
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from wascap tests")
  (func $add (export "add") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.add)
  (func (export "__guest_call") (param i32 i32) (result i32)
    i32.const 1))`;

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
}
