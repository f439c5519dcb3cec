import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPar } from './create';
import { signProviderClaims } from '@nx-wasmcloud/wascap';
import { createHash } from 'node:crypto';
import { InvalidClaimsError, InvalidTargetError, ParIoError, TargetHashMismatchError } from './errors';
import { insertPar } from './insert';
import { inspectPar } from './inspect';
import { buildCBinary } from './test-support/binaries';
import { decodeClaims, editClaims, entriesOf, writeEntries } from './test-support/archives';
import { testKeys } from './test-support/keys';

let dir: string;
let linux: string;
let mac: string;
let arm: string;
const keys = testKeys();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'par-insert-'));
  linux = buildCBinary(dir, 'linux', 'linux build');
  mac = buildCBinary(dir, 'mac', 'mac build');
  arm = buildCBinary(dir, 'arm', 'arm build');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** insert works in a hidden temp dir and temp file beside the archive; none may be left behind. */
const leftovers = () => readdirSync(dir).filter((f) => f.startsWith('.'));

async function base(name: string, compress: boolean) {
  const schema = { type: 'object' };
  return createPar({
    binaries: [{ target: 'x86_64-linux', path: linux }],
    capid: 'wasmcloud:kv',
    vendor: 'Acme',
    name: 'KV',
    rev: 7,
    ver: '2.0.0',
    schema,
    ...keys,
    destination: join(dir, name),
    compress,
  });
}

describe('insertPar', () => {
  it('adds a target, keeps metadata and gzip, and signs fresh claims', async () => {
    const made = await base('multi.par', true);
    const other = testKeys();
    const r = await insertPar({ archive: made.file, target: 'aarch64-macos', binary: mac, ...other });
    expect(r.file).toBe(made.file);
    expect(r.replaced).toBe(false);
    expect(readFileSync(r.file).subarray(0, 2).toString('hex')).toBe('1f8b');
    const report = await inspectPar(r.file);
    expect(report.valid).toBe(true);
    expect(report.targets.map((t) => t.target)).toEqual(['aarch64-macos', 'x86_64-linux']);
    expect(entriesOf(r.file).map((e) => e.name)).toEqual(['claims.jwt', 'aarch64-macos.bin', 'x86_64-linux.bin']);
    const before = decodeClaims(made.jwt);
    const after = decodeClaims(r.jwt);
    expect(after.jti).not.toBe(before.jti);
    expect(after.iss).toBe(other.issuer.publicKey);
    expect(after.sub).toBe(other.subject.publicKey);
    const { target_hashes: oldHashes, ...oldMeta } = before.wascap;
    const { target_hashes: newHashes, ...newMeta } = after.wascap;
    expect(newMeta).toEqual(oldMeta);
    expect(newMeta).toMatchObject({ name: 'KV', capid: 'wasmcloud:kv', vendor: 'Acme', rev: 7, ver: '2.0.0', config_schema: { type: 'object' } });
    expect(newHashes['x86_64-linux']).toBe(oldHashes['x86_64-linux']);
    expect(Object.keys(newHashes)).toEqual(['aarch64-macos', 'x86_64-linux']);
    expect(leftovers()).toEqual([]);
  });

  it('replaces an existing target and keeps a plain archive plain', async () => {
    const made = await base('replace.par', false);
    const r = await insertPar({ archive: made.file, target: 'x86_64-linux', binary: arm, ...keys });
    expect(r.replaced).toBe(true);
    expect(r.compressed).toBe(false);
    const entries = entriesOf(r.file);
    expect(entries.map((e) => e.name)).toEqual(['claims.jwt', 'x86_64-linux.bin']);
    expect(entries[1].data.equals(readFileSync(arm))).toBe(true);
    expect((await inspectPar(r.file)).valid).toBe(true);
  });

  it('is reproducible under SOURCE_DATE_EPOCH (same result as creating both targets at once)', async () => {
    const env = { SOURCE_DATE_EPOCH: '1600000000' };
    const one = await base('inc.par.gz', true);
    await insertPar({ archive: one.file, target: 'arm-linux', binary: arm, ...keys, env });
    const both = await createPar({
      binaries: [
        { target: 'arm-linux', path: arm },
        { target: 'x86_64-linux', path: linux },
      ],
      capid: 'wasmcloud:kv',
      vendor: 'Acme',
      name: 'KV',
      rev: 7,
      ver: '2.0.0',
      schema: { type: 'object' },
      ...keys,
      destination: join(dir, 'both.par.gz'),
      compress: true,
      env,
    });
    expect(readFileSync(one.file).equals(readFileSync(both.file))).toBe(true);
  });

  it('refuses to re-sign a tampered archive and leaves it untouched', async () => {
    const made = await base('tampered.par', false);
    const entries = entriesOf(made.file);
    const data = Buffer.from(entries[1].data);
    data[0] ^= 1;
    writeEntries(made.file, [entries[0], { name: entries[1].name, data }], false);
    const bytes = readFileSync(made.file);
    await expect(insertPar({ archive: made.file, target: 'aarch64-macos', binary: mac, ...keys })).rejects.toThrow(TargetHashMismatchError);
    expect(readFileSync(made.file).equals(bytes)).toBe(true);

    writeEntries(made.file, [{ name: 'claims.jwt', data: Buffer.from(editClaims(made.jwt, (c) => (c.wascap.vendor = 'Evil'))) }, entries[1]], false);
    await expect(insertPar({ archive: made.file, target: 'aarch64-macos', binary: mac, ...keys })).rejects.toThrow(InvalidClaimsError);
    expect(leftovers()).toEqual([]);
  });

  it('re-signs an archive holding a target named __proto__ into claims its own inspect accepts', async () => {
    // wash accepts any target name, so such an archive can exist; a plain `{}` map would drop the key.
    const data = readFileSync(linux);
    const hash = createHash('sha256').update(data).digest('hex').toUpperCase();
    const jwt = await signProviderClaims({ ...keys, capid: 'p:q', vendor: 'v', targetHashes: JSON.parse(`{"__proto__":"${hash}"}`) });
    const file = join(dir, 'proto.par');
    writeEntries(
      file,
      [
        { name: 'claims.jwt', data: Buffer.from(jwt) },
        { name: '__proto__.bin', data },
      ],
      false,
    );
    expect((await inspectPar(file)).valid).toBe(true);
    await insertPar({ archive: file, target: 'aarch64-macos', binary: mac, ...keys });
    const report = await inspectPar(file);
    expect(report.problems).toEqual([]);
    expect(Object.keys(decodeClaims(report.jwt).wascap.target_hashes)).toEqual(['__proto__', 'aarch64-macos']);
  });

  it('refuses to re-sign an archive whose claims list a target it lacks', async () => {
    const made = await createPar({
      binaries: [
        { target: 'x86_64-linux', path: linux },
        { target: 'arm-linux', path: arm },
      ],
      capid: 'p:q',
      vendor: 'v',
      name: 'n',
      ...keys,
      destination: join(dir, 'lacking.par'),
    });
    const entries = entriesOf(made.file);
    writeEntries(
      made.file,
      entries.filter((e) => e.name !== 'arm-linux.bin'),
      false,
    );
    const bytes = readFileSync(made.file);
    await expect(insertPar({ archive: made.file, target: 'aarch64-macos', binary: mac, ...keys })).rejects.toThrow(
      new TargetHashMismatchError(
        `${made.file}: the claims list target arm-linux but the archive has no arm-linux.bin (claims and binaries do not match); rebuild it with par create`,
      ),
    );
    expect(readFileSync(made.file).equals(bytes)).toBe(true);
    expect(leftovers()).toEqual([]);
  });

  it('refuses a binary that is not a regular file before touching the archive', async () => {
    const made = await base('dev.par', false);
    await expect(insertPar({ archive: made.file, target: 'aarch64-macos', binary: '/dev/zero', ...keys })).rejects.toThrow(
      new ParIoError("binary for aarch64-macos '/dev/zero' is a character device, not a regular file; give the file itself"),
    );
    expect(leftovers()).toEqual([]);
  });

  it('refuses a darwin-style target name', async () => {
    const made = await base('darwin.par', false);
    await expect(insertPar({ archive: made.file, target: 'aarch64-darwin', binary: mac, ...keys })).rejects.toThrow(InvalidTargetError);
  });

  it('names a missing archive', async () => {
    await expect(insertPar({ archive: join(dir, 'nope.par'), target: 'x86_64-linux', binary: mac, ...keys })).rejects.toThrow(/no such file/);
  });
});
