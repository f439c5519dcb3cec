import fc from 'fast-check';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createPar } from './create';
import { ParError } from './errors';
import { extractParTarget } from './extract';
import { insertPar } from './insert';
import { inspectPar } from './inspect';
import { editClaims } from './test-support/archives';
import { testKeys } from './test-support/keys';
import { rawHeader, rawTar } from './test-support/raw-tar';

/**
 * The rule for what `par inspect|insert` and extraction read: whatever the archive holds
 * (truncated, headers mutated with a correct checksum, huge declared sizes, odd names and types),
 * only ParError subclasses come out, the archive is never modified and nothing half-written stays.
 */
let dir: string;
let n = 0;
let seedPlain: Buffer;
let jwt: string;
let binary: string;
const keys = testKeys();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'par-hostile-'));
  binary = join(dir, 'bin');
  writeFileSync(binary, Buffer.from('#!/bin/sh\necho provider\n'));
  const other = join(dir, 'bin2');
  writeFileSync(other, Buffer.alloc(700, 7));
  const made = await createPar({
    binaries: [
      { target: 'x86_64-linux', path: binary },
      { target: 'aarch64-macos', path: other },
    ],
    capid: 'p:q',
    vendor: 'v',
    name: 'n',
    ...keys,
    destination: join(dir, 'seed.par'),
  });
  seedPlain = readFileSync(made.file);
  jwt = made.jwt;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs every reader and insert on `bytes`; each may fail only with a ParError and must leave no trace. */
async function attack(bytes: Buffer): Promise<void> {
  const id = n++;
  const file = join(dir, `a${id}.par`);
  writeFileSync(file, bytes);
  const before = readdirSync(dir).length;
  const only = (err: unknown) => {
    if (!(err instanceof ParError)) throw err;
    expect(err.message).not.toContain('\n');
  };
  await inspectPar(file).catch(only);
  const out = join(dir, `x${id}`);
  await extractParTarget(file, 'x86_64-linux', out).then(
    () => rmSync(out),
    (err) => {
      only(err);
      expect(existsSync(out)).toBe(false);
    },
  );
  const inserted = await insertPar({ archive: file, target: 'arm-linux', binary, ...keys }).then(
    () => true,
    (err) => {
      only(err);
      return false;
    },
  );
  if (!inserted) expect(readFileSync(file).equals(bytes)).toBe(true);
  rmSync(file);
  expect(readdirSync(dir).length).toBe(before - 1); // no temp file or unpack dir left behind
}

/** Header blocks of the seed archive (claims, two binaries). */
function headerOffsets(tar: Buffer): number[] {
  const out: number[] = [];
  for (let off = 0; off + 512 <= tar.length;) {
    const h = tar.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    out.push(off);
    const size = parseInt(h.toString('latin1', 124, 135), 8);
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

/** Recomputes a header's checksum, so a mutation reaches the checks behind it. */
function fixChecksum(h: Buffer): void {
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
}

const SIZE_FIELDS = [
  Buffer.from('77777777777\0', 'latin1'), // 8 GiB - 1, far beyond the file
  Buffer.from([0x80, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0]), // base-256 2^62
  Buffer.from([0x80, 0, 0, 0, 0, 0x20, 0, 0, 0, 0, 0, 1]), // base-256 2^53 + 1
  Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), // negative base-256
  Buffer.from('-1\0\0\0\0\0\0\0\0\0\0', 'latin1'),
];

describe('hostile archives (fuzz)', () => {
  it('the seed archive passes every reader', async () => {
    expect((await inspectPar(join(dir, 'seed.par'))).valid).toBe(true);
  });

  it('headers mutated behind a correct checksum: only ParError', async () => {
    const offsets = headerOffsets(seedPlain);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...offsets),
        fc.oneof(
          fc.record({ kind: fc.constant('byte' as const), at: fc.nat(511), value: fc.integer({ min: 0, max: 255 }) }),
          fc.record({ kind: fc.constant('size' as const), field: fc.constantFrom(...SIZE_FIELDS) }),
          fc.record({ kind: fc.constant('type' as const), flag: fc.constantFrom('1', '2', '3', '4', '5', '6', '7', 'g', 'x', 'L', 'K', 'S') }),
        ),
        fc.boolean(),
        async (off, change, gzip) => {
          const tar = Buffer.from(seedPlain);
          const h = tar.subarray(off, off + 512);
          if (change.kind === 'byte') h[change.at] = change.value;
          else if (change.kind === 'size') change.field.copy(h, 124);
          else h.write(change.flag, 156, 'latin1');
          if (change.kind !== 'byte' || change.at < 148 || change.at >= 156) fixChecksum(h);
          await attack(gzip ? gzipSync(tar) : tar);
        },
      ),
      { numRuns: 80, seed: 19 },
    );
  });

  it('archives cut anywhere, plain or gzip: only ParError', async () => {
    const gz = gzipSync(seedPlain);
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true }), async (gzip, where) => {
        const bytes = gzip ? gz : seedPlain;
        await attack(bytes.subarray(0, Math.floor(where * bytes.length)));
      }),
      { numRuns: 40, seed: 19 },
    );
  });

  it('crafted entry lists (odd names, duplicate and missing entries, lying claims): only ParError', async () => {
    const data = readFileSync(binary);
    const claims = fc.constantFrom(
      jwt,
      'not.a.jwt',
      '',
      editClaims(jwt, (c) => (c.wascap.target_hashes = JSON.parse('{"__proto__": "00"}'))),
      editClaims(jwt, (c) => delete c.wascap),
    );
    const name = fc.constantFrom(
      'claims.jwt',
      'x86_64-linux.bin',
      'aarch64-macos.bin',
      '__proto__.bin',
      'constructor.bin',
      '../evil.bin',
      '/abs.bin',
      'dir/x.bin',
      'a\u0001b.bin',
      '.bin',
      'world.wasm',
      `${'t'.repeat(96)}.bin`,
    );
    const entry = fc.record({ name, claims, lie: fc.option(fc.constantFrom(10, 1 << 20, 2 ** 40), { nil: undefined }) });
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 5 }), fc.boolean(), fc.boolean(), async (entries, endMarker, gzip) => {
        const raw = entries.map((e) => ({ name: e.name, data: e.name === 'claims.jwt' ? Buffer.from(e.claims) : data, size: e.lie }));
        let tar: Buffer;
        if (raw.some((e) => e.size !== undefined && e.size > 1 << 20)) {
          // A header alone declaring a huge body, as a crafted download would.
          tar = Buffer.concat([...raw.map((e) => rawHeader(e)), Buffer.alloc(endMarker ? 1024 : 0)]);
        } else {
          tar = rawTar(raw, { endMarker });
        }
        await attack(gzip ? gzipSync(tar) : tar);
      }),
      { numRuns: 80, seed: 19 },
    );
  });
});
