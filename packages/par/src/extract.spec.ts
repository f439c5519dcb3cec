import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPar } from './create';
import { InvalidClaimsError, ParIoError, TargetHashMismatchError, TargetNotFoundError } from './errors';
import { extractParTarget } from './extract';
import { hostParTarget } from './targets';
import { buildCBinary } from './test-support/binaries';
import { editClaims, entriesOf, writeEntries } from './test-support/archives';
import { testKeys } from './test-support/keys';

let dir: string;
let par: string;
let jwt: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'par-extract-'));
  const a = buildCBinary(dir, 'host', 'running the host target');
  const b = buildCBinary(dir, 'other', 'another target');
  const made = await createPar({
    binaries: [
      { target: hostParTarget(), path: a },
      { target: 'aarch64-macos', path: b },
    ],
    capid: 'wasmcloud:test',
    vendor: 'Acme',
    name: 'T',
    ...testKeys(),
    destination: join(dir, 'p.par'),
    compress: true,
  });
  par = made.file;
  jwt = made.jwt;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('extractParTarget', () => {
  it("writes the host's binary, hash-checked and executable, and it runs", async () => {
    const dest = join(dir, 'out', 'provider');
    execFileSync('mkdir', ['-p', join(dir, 'out')]);
    const r = await extractParTarget(par, hostParTarget(), dest);
    expect(r).toMatchObject({ file: dest, target: hostParTarget() });
    expect(statSync(dest).mode & 0o777).toBe(0o755 & ~process.umask());
    expect(execFileSync(dest, { encoding: 'utf8' })).toBe('running the host target\n');
    expect(readdirSync(join(dir, 'out'))).toEqual(['provider']);
  });

  it('lists the available targets when the one asked for is absent', async () => {
    await expect(extractParTarget(par, 'riscv64-linux', join(dir, 'none'))).rejects.toThrow(TargetNotFoundError);
    await expect(extractParTarget(par, 'riscv64-linux', join(dir, 'none'))).rejects.toThrow(`(the archive has: aarch64-macos, ${hostParTarget()})`);
    expect(existsSync(join(dir, 'none'))).toBe(false);
  });

  it('refuses a tampered binary and leaves nothing at the destination', async () => {
    const entries = entriesOf(par);
    const i = entries.findIndex((e) => e.name === `${hostParTarget()}.bin`);
    const data = Buffer.from(entries[i].data);
    data[100] ^= 1;
    entries[i] = { name: entries[i].name, data };
    const bad = join(dir, 'bad.par');
    writeEntries(bad, entries, false);
    const dest = join(dir, 'bad-out');
    await expect(extractParTarget(bad, hostParTarget(), dest)).rejects.toThrow(TargetHashMismatchError);
    expect(readdirSync(dir).filter((f) => f.startsWith('bad-out') || f.startsWith('.bad-out'))).toEqual([]);
  });

  it('refuses a binary whose claims were edited to match it', async () => {
    const entries = entriesOf(par);
    const edited = editClaims(jwt, (c) => (c.wascap.target_hashes['aarch64-macos'] = 'F'.repeat(64)));
    entries[0] = { name: 'claims.jwt', data: Buffer.from(edited) };
    const bad = join(dir, 'edited.par.gz');
    writeEntries(bad, entries, true);
    await expect(extractParTarget(bad, hostParTarget(), join(dir, 'e-out'))).rejects.toThrow(InvalidClaimsError);
    expect(existsSync(join(dir, 'e-out'))).toBe(false);
  });

  it('names an unwritable destination', async () => {
    await expect(extractParTarget(par, hostParTarget(), join(dir, 'no', 'such', 'dir', 'x'))).rejects.toThrow(ParIoError);
  });

  it('replaces an existing destination by rename, not by writing through it', async () => {
    const dest = join(dir, 'planted');
    writeFileSync(dest, 'old');
    await extractParTarget(par, 'aarch64-macos', dest);
    expect(execFileSync(dest, { encoding: 'utf8' })).toBe('another target\n');
  });
});
