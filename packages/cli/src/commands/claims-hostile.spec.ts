import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { customSection, KeyPair, signActor, signClaimsJson } from '@nx-wasmcloud/wascap';
import { run } from '../program';
import { captureIo } from '../test-support';

// Whatever module a user is handed, `claims inspect` ends with exit 0, or exit 1 and one
// `error:` line from a typed user error; never an internal error (which would print the
// NX_WASMCLOUD_DEBUG hint) and never a stack.

let dir: string;
let signed: Buffer;
let core: Buffer;
const issuer = KeyPair.create('account');
const subject = KeyPair.create('module');

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cli-claims-hostile-'));
  try {
    execFileSync('wat2wasm', ['--version'], { stdio: 'pipe' });
  } catch {
    throw new Error('wat2wasm (wabt) is required by these tests but was not found on PATH: run tools/ensure-system-deps.sh');
  }
  writeFileSync(path.join(dir, 'm.wat'), '(module (func (export "f") (result i32) i32.const 7) (memory 1) (data (i32.const 0) "hi"))');
  execFileSync('wat2wasm', [path.join(dir, 'm.wat'), '-o', path.join(dir, 'm.wasm')]);
  core = readFileSync(path.join(dir, 'm.wasm'));
  signed = Buffer.from(
    await signActor(core, { issuer, subject, name: 'm', tags: ['a'], caps: ['wasmcloud:keyvalue'], rev: 2, ver: '1.0', callAlias: 'm/x', expiresInDays: 9 }),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function inspectBytes(bytes: Uint8Array): Promise<void> {
  writeFileSync(path.join(dir, 'h.wasm'), bytes);
  for (const extra of [[], ['-o', 'json'], ['--jwt-only']]) {
    const io = captureIo({ cwd: dir, env: {} });
    const code = await run(['claims', 'inspect', 'h.wasm', ...extra], io);
    if (code === 0) {
      expect(io.stderr).toEqual([]);
      continue;
    }
    expect(code).toBe(1);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(/^error: /);
    expect(io.stderr[0]).not.toContain('NX_WASMCLOUD_DEBUG');
  }
}

describe('claims inspect of hostile modules', () => {
  it('property: byte mutations of a signed module are inspected or refused in one line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(signed.length - 1), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete', 'truncate')), {
          minLength: 1,
          maxLength: 3,
        }),
        async (edits) => {
          let b = Buffer.from(signed);
          for (const [at, value, op] of edits) {
            if (op === 'set') b[Math.min(at, b.length - 1)] = value;
            else if (op === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.of(value), b.subarray(at)]);
            else if (op === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + (value % 8))]);
            else b = b.subarray(0, at);
          }
          await inspectBytes(b);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('property: validly signed tokens with arbitrary values in every claim are inspected or refused in one line', async () => {
    const hash = (await import('node:crypto')).createHash('sha256').update(core).digest('hex').toUpperCase();
    const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(1e20, -1, 1.5, 2 ** 60, 2 ** 64, null, '', '\u001b[2J\n'));
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('exp', 'iat', 'nbf', 'sub', 'jti', 'wascap_revision'), value, { maxKeys: 3 }),
        fc.dictionary(fc.constantFrom('name', 'tags', 'caps', 'rev', 'ver', 'call_alias', 'prov', 'hash'), value, { maxKeys: 3 }),
        async (top, md) => {
          const claims = {
            jti: 'j',
            iat: 1_700_000_000,
            iss: issuer.publicKey,
            sub: subject.publicKey,
            wascap: { hash, tags: [], caps: [], prov: false, ...md },
            wascap_revision: 3,
            ...top,
          };
          const jwt = await signClaimsJson(JSON.stringify(claims), issuer);
          await inspectBytes(Buffer.concat([core, Buffer.from(customSection('wasmcloud_jwt', new TextEncoder().encode(jwt)))]));
        },
      ),
      { numRuns: 120 },
    );
  });
});
