import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { ParError } from './errors';
import { writePar } from './write-par';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'par-writepar-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = () => ({
  metadata: { name: 'n', capid: 'a:b', vendor: 'v' },
  issuer: KeyPair.create('account'),
  subject: KeyPair.create('service'),
  compress: false,
});

describe('writePar', () => {
  it('fails, writing nothing, when a binary no longer matches the hash signed into the claims', async () => {
    const bin = join(dir, 'bin');
    writeFileSync(bin, 'version two');
    const dest = join(dir, 'changed.par');
    // The digest stands for what was hashed before signing; the file now differs (same size).
    const stale = { size: 11, hash: 'A'.repeat(64) };
    await expect(writePar({ ...base(), sources: [{ target: 'x86_64-linux', path: bin, digest: stale }], destination: dest })).rejects.toThrow(
      new ParError(`binary '${bin}' (x86_64-linux) changed while the archive was written; run again`),
    );
    expect(existsSync(dest)).toBe(false);
    expect(readdirSync(dir)).toEqual(['bin']);
  });

  it('fails when a binary changed size', async () => {
    const bin = join(dir, 'grown');
    writeFileSync(bin, 'longer than before');
    await expect(
      writePar({ ...base(), sources: [{ target: 'x86_64-linux', path: bin, digest: { size: 3, hash: 'A'.repeat(64) } }], destination: join(dir, 'g.par') }),
    ).rejects.toThrow(/x86_64-linux.bin' changed size while the archive was written \(3 -> /);
  });
});
