import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { createPar } from './create';
import { InvalidClaimsError, MalformedArchiveError, TruncatedArchiveError } from './errors';
import { inspectPar, inspectParSource } from './inspect';
import { buildCBinary } from './test-support/binaries';
import { editClaims, entriesOf, writeEntries } from './test-support/archives';
import { testKeys } from './test-support/keys';

let dir: string;
let bin: string;
let good: string;
let goodGz: string;
let jwt: string;
const keys = testKeys();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'par-inspect-'));
  bin = buildCBinary(dir, 'prov', 'inspect me');
  const base = { capid: 'wasmcloud:test', vendor: 'Acme', name: 'Test', ver: '0.1.0', ...keys };
  const made = await createPar({ ...base, binaries: [{ target: 'x86_64-linux', path: bin }], destination: join(dir, 'good.par') });
  good = made.file;
  jwt = made.jwt;
  goodGz = (await createPar({ ...base, binaries: [{ target: 'x86_64-linux', path: bin }], destination: join(dir, 'good.par'), compress: true })).file;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const variant = (name: string, entries: { name: string; data: Buffer }[], gzip = false) => {
  const file = join(dir, name);
  writeEntries(file, entries, gzip);
  return file;
};

describe('inspectPar', () => {
  it('reports claims and per-target size and hash, all valid', async () => {
    const r = await inspectPar(good);
    const hash = createHash('sha256').update(readFileSync(bin)).digest('hex').toUpperCase();
    expect(r).toMatchObject({
      valid: true,
      signatureValid: true,
      problems: [],
      name: 'Test',
      capid: 'wasmcloud:test',
      vendor: 'Acme',
      ver: '0.1.0',
      rev: undefined,
      issuer: keys.issuer.publicKey,
      subject: keys.subject.publicKey,
      compressed: false,
    });
    expect(r.targets).toEqual([{ target: 'x86_64-linux', size: readFileSync(bin).length, hash, expectedHash: hash, valid: true }]);
    expect((await inspectPar(goodGz)).compressed).toBe(true);
  });

  it('names the target whose binary was altered', async () => {
    const entries = entriesOf(good);
    const tampered = Buffer.from(entries[1].data);
    tampered[tampered.length >> 1] ^= 0xff;
    const r = await inspectPar(variant('bin-tampered.par', [entries[0], { name: entries[1].name, data: tampered }]));
    expect(r.valid).toBe(false);
    expect(r.signatureValid).toBe(true);
    expect(r.targets[0].valid).toBe(false);
    expect(r.problems).toEqual([expect.stringMatching(/^target x86_64-linux: SHA-256 [0-9A-F]{64} does not match target_hashes [0-9A-F]{64}/)]);
  });

  it('says the signature failed when the claims were edited', async () => {
    const entries = entriesOf(good);
    const edited = editClaims(jwt, (c) => (c.wascap.capid = 'wasmcloud:evil'));
    const r = await inspectPar(variant('claims-tampered.par', [{ name: 'claims.jwt', data: Buffer.from(edited) }, entries[1]], true));
    expect(r.capid).toBe('wasmcloud:evil');
    expect(r.signatureValid).toBe(false);
    expect(r.targets[0].valid).toBe(true);
    expect(r.problems).toEqual([`claims.jwt signature does not verify with its issuer ${keys.issuer.publicKey} (claims were altered)`]);
  });

  it('flags targets missing from the claims, and claimed targets missing from the archive', async () => {
    const entries = entriesOf(good);
    const r = await inspectPar(variant('extra.par', [entries[0], { name: 'aarch64-linux.bin', data: entries[1].data }]));
    expect(r.problems).toEqual([
      'target aarch64-linux: the claims have no target_hashes entry for it',
      'target x86_64-linux: listed in the claims but the archive has no x86_64-linux.bin',
    ]);
  });

  it('keeps claimed target names with line breaks or terminal escapes on one line in problems', async () => {
    const entries = entriesOf(good);
    const evil = editClaims(jwt, (c) => (c.wascap.target_hashes['x\n\u001b[32mall good'] = 'AB'));
    const r = await inspectPar(variant('escapes.par', [{ name: 'claims.jwt', data: Buffer.from(evil) }, entries[1]]));
    expect(r.problems).toContain('target x\\n\\x1b[32mall good: listed in the claims but the archive has no x\\n\\x1b[32mall good.bin');
    expect(r.problems.every((p) => !/[\n\u001b]/.test(p))).toBe(true);
  });

  it('escapes bidi controls, the marks included, in claimed target names in problems', async () => {
    const entries = entriesOf(good);
    const evil = editClaims(jwt, (c) => (c.wascap.target_hashes['x\u061c\u200e\u200f\u202ey'] = 'AB'));
    const r = await inspectPar(variant('bidi.par', [{ name: 'claims.jwt', data: Buffer.from(evil) }, entries[1]]));
    expect(r.problems).toContain('target x\\u061c\\u200e\\u200f\\u202ey: listed in the claims but the archive has no x\\u061c\\u200e\\u200f\\u202ey.bin');
  });

  it("reads claims wherever they are in the archive (as wash's reader does)", async () => {
    const entries = entriesOf(good);
    expect((await inspectPar(variant('claims-last.par', [entries[1], entries[0]]))).valid).toBe(true);
  });

  it('rejects traversal, link and unexpected entries in a gzip PAR', async () => {
    const entries = entriesOf(good);
    await expect(inspectPar(variant('trav.par.gz', [entries[0], { name: '../x86_64-linux.bin', data: entries[1].data }], true))).rejects.toThrow(
      /trav.par.gz: entry '..\/x86_64-linux.bin' tries to escape the archive/,
    );
    await expect(inspectPar(variant('odd.par', [entries[0], { name: 'README.md', data: Buffer.from('hi') }]))).rejects.toThrow(/unexpected entry 'README.md'/);
    const file = join(dir, 'link.par');
    writeEntries(file, [entries[0], { name: 'x86_64-linux.bin', typeflag: '2', linkname: '/bin/sh' }], false);
    await expect(inspectPar(file)).rejects.toThrow(/is a symbolic link/);
  });

  it('needs claims and at least one binary', async () => {
    const entries = entriesOf(good);
    await expect(inspectPar(variant('noclaims.par', [entries[1]]))).rejects.toThrow(/no claims.jwt entry/);
    await expect(inspectPar(variant('nobins.par', [entries[0]]))).rejects.toThrow(/no <target>.bin entries/);
    await expect(inspectPar(variant('badjwt.par', [{ name: 'claims.jwt', data: Buffer.from('not-a-jwt') }, entries[1]]))).rejects.toThrow(InvalidClaimsError);
  });

  it('reports truncated and corrupt gzip, and truncated plain archives, as typed errors', async () => {
    const gz = readFileSync(goodGz);
    const cutGz = join(dir, 'cut.par.gz');
    writeFileSync(cutGz, gz.subarray(0, gz.length >> 1));
    await expect(inspectPar(cutGz)).rejects.toThrow(TruncatedArchiveError);
    await expect(inspectPar(cutGz)).rejects.toThrow(/cut.par.gz: .*(gzip stream ends early|archive ends)/);
    // Losing only the gzip trailer (CRC + length) is noticed too.
    writeFileSync(cutGz, gz.subarray(0, gz.length - 4));
    await expect(inspectPar(cutGz)).rejects.toThrow(TruncatedArchiveError);
    const bad = Buffer.from(gz);
    bad[bad.length - 6] ^= 0xff; // CRC32 byte
    const badGz = join(dir, 'crc.par.gz');
    writeFileSync(badGz, bad);
    await expect(inspectPar(badGz)).rejects.toThrow(MalformedArchiveError);
    const plain = readFileSync(good);
    const cut = join(dir, 'cut.par');
    writeFileSync(cut, plain.subarray(0, 2048));
    await expect(inspectPar(cut)).rejects.toThrow(/cut.par: entry 'x86_64-linux.bin' declares \d+ bytes but only \d+ remain/);
  });

  it('names a missing archive and a non-tar file', async () => {
    await expect(inspectPar(join(dir, 'nope.par'))).rejects.toThrow(/cannot read archive '.*nope.par': no such file/);
    const junk = join(dir, 'junk.par');
    writeFileSync(junk, Buffer.alloc(2048, 0x61));
    await expect(inspectPar(junk)).rejects.toThrow(/bad checksum/);
  });
});

describe('inspectParSource (bytes a caller is already reading)', () => {
  /** Feeds `data` in pieces of the given sizes (cycled), as a socket or a tee would. */
  async function* pieces(data: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
    for (let at = 0, i = 0; at < data.length; i++) {
      const n = sizes[i % sizes.length];
      yield data.subarray(at, at + n);
      at += n;
    }
  }

  it('gives what inspectPar gives for the file, plain and gzip, whatever the chunking', async () => {
    for (const file of [good, goodGz]) {
      const expected = await inspectPar(file);
      const data = readFileSync(file);
      // One-byte first chunk: the gzip magic spans two chunks.
      for (const sizes of [[1, 7, 4096], [data.length], [513]]) {
        const got = await inspectParSource(pieces(data, sizes), file, { totalBytes: data.length });
        expect(got).toEqual(expected);
      }
    }
  });

  it('names the label in structural errors and fails on a cut-off gzip stream without hanging', async () => {
    const data = readFileSync(goodGz);
    await expect(inspectParSource(pieces(data.subarray(0, data.length >> 1), [100]), 'upload of x.par')).rejects.toThrow(
      new TruncatedArchiveError('upload of x.par: the gzip stream ends early (truncated download or copy?)'),
    );
    await expect(inspectParSource(pieces(Buffer.alloc(5000, 7), [1000]), 'upload of y.par')).rejects.toThrow(/^upload of y\.par: /);
    await expect(inspectParSource(pieces(Buffer.alloc(0), [1]), 'empty.par')).rejects.toThrow(/^empty\.par: /);
  });

  it('stops reading a gzip source after a structural error (no further chunks pulled)', async () => {
    // A gzip stream whose tar holds an unexpected entry: the error comes early, the rest is unread.
    const bad = variant('early.par.gz', [{ name: 'evil.txt', data: randomBytes(1 << 20) }, ...entriesOf(good)], true);
    const data = readFileSync(bad);
    let pulled = 0;
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const c of pieces(data, [4096])) {
        pulled += c.length;
        yield c;
      }
    }
    await expect(inspectParSource(counted(), bad)).rejects.toThrow(MalformedArchiveError);
    expect(pulled).toBeLessThan(data.length / 4);
  });
});
