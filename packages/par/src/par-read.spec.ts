import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MalformedArchiveError } from './errors';
import { BinarySink, MAX_PAR_ENTRIES, scanPar } from './par-read';
import { writeEntries } from './test-support/archives';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'par-read-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scanPar', () => {
  it('detects gzip by magic (not by name), hashes targets and feeds sinks only when asked', async () => {
    const file = join(dir, 'looks-plain.par');
    writeEntries(
      file,
      [
        { name: 'claims.jwt', data: Buffer.from('a.b.c') },
        { name: 'x86_64-linux.bin', data: Buffer.from('abc') },
        { name: 'arm-linux.bin', data: Buffer.from('') },
      ],
      true,
    );
    const got: Record<string, string> = {};
    const scan = await scanPar(file, async (target): Promise<BinarySink | undefined> => {
      if (target !== 'x86_64-linux') return undefined;
      got[target] = '';
      return { write: async (c) => void (got[target] += c.toString()), close: async () => undefined };
    });
    expect(scan.compressed).toBe(true);
    expect(scan.jwt).toBe('a.b.c');
    expect(scan.entries).toEqual(['claims.jwt', 'x86_64-linux.bin', 'arm-linux.bin']);
    expect(scan.targets).toEqual([
      { target: 'x86_64-linux', size: 3, hash: 'BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD' },
      { target: 'arm-linux', size: 0, hash: 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855' },
    ]);
    expect(got).toEqual({ 'x86_64-linux': 'abc' });
  });

  it('refuses more entries than MAX_PAR_ENTRIES in one line (125k entries crashed callers with RangeError)', async () => {
    const file = join(dir, 'many.par');
    const many = Array.from({ length: MAX_PAR_ENTRIES + 1 }, (_, i) => ({ name: `t${i}-linux.bin` }));
    writeEntries(file, [{ name: 'claims.jwt', data: Buffer.from('a.b.c') }, ...many], true);
    await expect(scanPar(file)).rejects.toThrow(
      new MalformedArchiveError(`${file}: archive has more than ${MAX_PAR_ENTRIES} entries; a PAR holds claims.jwt and one binary per target`),
    );
    writeEntries(file, [{ name: 'claims.jwt', data: Buffer.from('a.b.c') }, ...many.slice(2)], false);
    expect((await scanPar(file)).targets).toHaveLength(MAX_PAR_ENTRIES - 1);
  });

  it('caps the claims entry size and refuses a bare .bin name', async () => {
    const big = join(dir, 'big.par');
    writeEntries(big, [{ name: 'claims.jwt', data: Buffer.alloc(1024 * 1024 + 1, 0x61) }], false);
    await expect(scanPar(big)).rejects.toThrow(/claims.jwt is 1048577 bytes/);
    const bare = join(dir, 'bare.par');
    writeEntries(bare, [{ name: '.bin', data: Buffer.from('x') }], false);
    await expect(scanPar(bare)).rejects.toThrow(MalformedArchiveError);
    expect(readFileSync(bare).length % 512).toBe(0);
  });
});
