import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { abiFamily, checkActor } from './actor-module';
import { HostUserError } from './errors';
import { sign, watActorModule } from './test-support/fixtures';
import { FAMILIES } from './test-support/wat-actor';

const NOW = Math.floor(Date.now() / 1000);
const opts = { now: NOW, memoryLimitBytes: 256 * 1024 * 1024 };
const DAY = 86400;

async function refusal(bytes: Uint8Array, label = 'actor.wasm', now = NOW, memoryLimitBytes = 16 * 1024 * 1024): Promise<string> {
  try {
    await checkActor(bytes, label, { ...opts, now, memoryLimitBytes });
  } catch (e) {
    expect(e).toBeInstanceOf(HostUserError);
    const message = (e as Error).message;
    expect(message).not.toContain('\n');
    expect(message.startsWith(`${label}: `)).toBe(true);
    return message;
  }
  throw new Error('expected a refusal');
}

function replaceOnce(haystack: Uint8Array, from: string, to: string): Uint8Array {
  const buf = Buffer.from(haystack);
  const at = buf.indexOf(Buffer.from(from));
  expect(at).toBeGreaterThanOrEqual(0);
  const out = Buffer.from(buf);
  Buffer.from(to).copy(out, at);
  return new Uint8Array(out);
}

describe('checkActor: the start-time checks of a wasmCloud host', () => {
  const module = watActorModule(FAMILIES['wasmbus-0.7']);

  it('accepts a signed actor and reads its claims', async () => {
    const s = await sign(module, { name: 'ok', caps: ['wasmcloud:keyvalue'], callAlias: 'ok/alias', ver: '1.2.3', rev: 4 });
    const a = await checkActor(s.bytes, 'ok.wasm', opts);
    expect(a).toMatchObject({
      publicKey: s.publicKey,
      issuer: s.issuer.publicKey,
      name: 'ok',
      caps: ['wasmcloud:keyvalue'],
      callAlias: 'ok/alias',
      version: '1.2.3',
      revision: 4,
      abi: 'wasmbus-0.7',
      wasi: false,
    });
  });
  it('refuses a component', async () => {
    const component = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]);
    expect(await refusal(component)).toMatch(/a WebAssembly component, not a classic actor/);
  });
  it('refuses bytes that are not WebAssembly', async () => {
    expect(await refusal(new TextEncoder().encode('#!/bin/sh\necho'))).toMatch(/not a WebAssembly module/);
  });
  it('refuses a truncated module in one line', async () => {
    expect(await refusal(module.subarray(0, 30))).toMatch(/^actor\.wasm: refused: /);
  });
  it('refuses an unsigned module: No claims found in source module', async () => {
    expect(await refusal(module)).toMatch(/No claims found in source module/);
  });
  it('refuses a module without __guest_call', async () => {
    const s = await sign(watActorModule({ ...FAMILIES['wasmbus-0.7'], noGuestCall: true }));
    expect(await refusal(s.bytes)).toMatch(/does not export __guest_call/);
  });
  it('refuses a bad signature', async () => {
    const s = await sign(module);
    const jwt = Buffer.from(s.bytes)
      .toString('latin1')
      .match(/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)/)!;
    const sig = jwt[1];
    const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11);
    expect(await refusal(replaceOnce(s.bytes, sig, flipped))).toMatch(/signature does not verify/);
  });
  it('refuses a module whose code changed after signing (hash mismatch)', async () => {
    const s = await sign(module);
    expect(await refusal(replaceOnce(s.bytes, 'Echo.Echo', 'Echo.Echp'))).toMatch(/module hash mismatch/);
  });
  it('refuses an expired token and one not valid yet', async () => {
    const expiring = await sign(module, { expiresInDays: 1 });
    expect(await refusal(expiring.bytes, 'old.wasm', NOW + 2 * DAY)).toMatch(/token expired/);
    const later = await sign(module, { notBeforeInDays: 1 });
    expect(await refusal(later.bytes, 'new.wasm')).toMatch(/not valid until/);
  });
  it('refuses an import no host provides', async () => {
    const wat = `(module (import "env" "f" (func)) (memory (export "memory") 1) (func (export "__guest_call") (param i32 i32) (result i32) (i32.const 1)))`;
    const { wat2wasm } = await import('./test-support/fixtures');
    const s = await sign(wat2wasm(wat));
    expect(await refusal(s.bytes)).toMatch(/unknown import env\.f/);
  });
  it('applies the memory cap: an initial memory over it is refused in one line, after the claims (otp checks claims first)', async () => {
    const wat = `(module (memory (export "memory") 300) (func (export "__guest_call") (param i32 i32) (result i32) (i32.const 1)))`;
    const { wat2wasm } = await import('./test-support/fixtures');
    const big = wat2wasm(wat);
    expect(await refusal((await sign(big)).bytes, 'big.wasm')).toMatch(
      /^big\.wasm: the module's memory starts at 19660800 bytes, over the host's cap of 16777216 bytes: raise memoryLimitBytes$/,
    );
    expect(await refusal(big, 'big.wasm')).toMatch(/No claims found in source module/);
    const checked = await checkActor((await sign(module)).bytes, 'ok.wasm', opts);
    expect(checked.deadlineChecks).toBe(true);
  });
  it('refuses a module importing the private deadline module (not instrumented: the import is unknown)', async () => {
    const wat = `(module (import "__nxw" "deadline" (func)) (memory (export "memory") 1) (func (export "__guest_call") (param i32 i32) (result i32) (i32.const 1)))`;
    const { wat2wasm } = await import('./test-support/fixtures');
    expect(await refusal((await sign(wat2wasm(wat))).bytes)).toMatch(/unknown import __nxw\.deadline/);
  });
  it('names the file in the Host refusal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'host-check-'));
    try {
      const file = join(dir, 'unsigned.wasm');
      writeFileSync(file, module);
      const { Host } = await import('./host');
      const host = new Host();
      await expect(host.startActor(file)).rejects.toThrow(`${file}: No claims found in source module`);
      await host.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('abiFamily', () => {
  const imp = (module: string) => [{ module, name: '__guest_request', kind: 'function' as const }];
  const exp = (...names: string[]) => names.map((name) => ({ name, kind: 'function' as const }));
  it('classifies by version export, import module and wapc_init', () => {
    expect(abiFamily(imp('wasmbus'), exp('__guest_call', '__wasmbus_rpc_version'))).toBe('wasmbus-0.7');
    expect(abiFamily(imp('wasmbus'), exp('__guest_call'))).toBe('wasmbus-0.3');
    expect(abiFamily(imp('wapc'), exp('__guest_call', 'wapc_init'))).toBe('wapc');
    expect(abiFamily(imp('wapc'), exp('__guest_call'))).toBe('wascc');
  });
});
