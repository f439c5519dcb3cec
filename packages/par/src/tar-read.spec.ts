import fc from 'fast-check';
import { Readable } from 'node:stream';
import { MalformedArchiveError, ParError, TruncatedArchiveError } from './errors';
import { readTar } from './tar-read';
import { tarStream } from './tar-write';
import { rawTar } from './test-support/raw-tar';

async function collect(buf: Buffer, chunk = 7000, totalBytes?: number): Promise<{ name: string; data: Buffer }[]> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunk) pieces.push(buf.subarray(i, i + chunk));
  const out: { name: string; data: Buffer }[] = [];
  await readTar(
    Readable.from(pieces),
    async (entry, body) => {
      const parts: Buffer[] = [];
      for await (const c of body) parts.push(c);
      out.push({ name: entry.name, data: Buffer.concat(parts) });
    },
    { totalBytes },
  );
  return out;
}

async function written(entries: { name: string; data: Buffer }[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of tarStream(
    entries.map((e) => ({
      name: e.name,
      size: e.data.length,
      chunks: async function* () {
        yield e.data;
      },
    })),
  ))
    parts.push(c);
  return Buffer.concat(parts);
}

const ok = (name: string, text = 'x') => ({ name, data: Buffer.from(text) });

describe('readTar', () => {
  it('reads flat regular files written by other tools', async () => {
    const tar = rawTar([ok('claims.jwt', 'a.b.c'), ok('x86_64-linux.bin', 'ELF')]);
    expect(await collect(tar)).toEqual([ok('claims.jwt', 'a.b.c'), ok('x86_64-linux.bin', 'ELF')]);
  });

  it('skips bodies the visitor does not read', async () => {
    const tar = rawTar([{ name: 'a.bin', data: Buffer.alloc(3000, 1) }, ok('b.bin')]);
    const names: string[] = [];
    await readTar(Readable.from([tar]), async (e) => void names.push(e.name));
    expect(names).toEqual(['a.bin', 'b.bin']);
  });

  it.each([
    ['../x86_64-linux.bin', /tries to escape the archive with '\.\.'/],
    ['..', /tries to escape/],
    ['/etc/passwd', /absolute path/],
    ['C:evil.bin', /absolute path/],
    ['dir/x86_64-linux.bin', /is in a directory/],
    ['dir\\x86_64-linux.bin', /is in a directory/],
    ['.', /invalid name/],
    ['a\u0001b.bin', /invalid name/],
    ['x86_64-linux\u202enib.exe.bin', /invalid name/],
    ['a\u0085b.bin', /invalid name/],
    ['x86_64-linux\u061cnib.exe.bin', /'x86_64-linux\\u061cnib\.exe\.bin' has an invalid name/],
    ['x86_64-linux\u200enib.exe.bin', /'x86_64-linux\\u200enib\.exe\.bin' has an invalid name/],
    ['x86_64-linux\u200fnib.exe.bin', /'x86_64-linux\\u200fnib\.exe\.bin' has an invalid name/],
  ])('rejects the entry name %p', async (name, message) => {
    const err = await collect(rawTar([ok(name)])).catch((e) => e);
    expect(err).toBeInstanceOf(MalformedArchiveError);
    expect(err.message).toMatch(message);
  });

  it.each([
    ['1', 'a hard link'],
    ['2', 'a symbolic link'],
    ['3', 'a character device'],
    ['4', 'a block device'],
    ['5', 'a directory'],
    ['6', 'a FIFO'],
    ['x', 'an extended (pax/GNU long name) header'],
    ['L', 'an extended (pax/GNU long name) header'],
    ['S', "an unsupported entry type 'S'"],
  ])('rejects type flag %s (%s)', async (typeflag, what) => {
    const err = await collect(rawTar([{ name: 'x86_64-linux.bin', typeflag, linkname: '/etc/shadow' }])).catch((e) => e);
    expect(err).toBeInstanceOf(MalformedArchiveError);
    expect(err.message).toContain(`is ${what}`);
  });

  it('rejects duplicate names', async () => {
    await expect(collect(rawTar([ok('a.bin'), ok('claims.jwt'), ok('a.bin')]))).rejects.toThrow(/entry 'a.bin' appears twice/);
  });

  it('rejects a size beyond the end of the file before reading it', async () => {
    const tar = rawTar([{ name: 'a.bin', data: Buffer.from('abc'), size: 10_000_000 }]);
    await expect(collect(tar, 7000, tar.length)).rejects.toThrow(/'a.bin' declares 10000000 bytes but only \d+ remain/);
    // Without the length known up front (gzip), the end of the stream gives it away.
    await expect(collect(tar)).rejects.toThrow(TruncatedArchiveError);
  });

  it('reports truncation inside a header, inside data, and a missing end marker', async () => {
    const tar = rawTar([{ name: 'a.bin', data: Buffer.alloc(2000, 7) }]);
    await expect(collect(tar.subarray(0, 300))).rejects.toThrow(/ends inside the header of entry #1/);
    await expect(collect(tar.subarray(0, 1000))).rejects.toThrow(/entry 'a.bin': archive ends \d+ bytes early/);
    await expect(collect(tar.subarray(0, 2560))).rejects.toThrow(/without the end-of-archive marker/);
    await expect(collect(Buffer.alloc(0))).rejects.toThrow(TruncatedArchiveError);
  });

  it('rejects non-tar data by its checksum', async () => {
    await expect(collect(Buffer.alloc(1024, 0x41))).rejects.toThrow(/bad checksum/);
  });
});

const entryArb = fc.record({
  name: fc.stringMatching(/^[a-z0-9_]{1,12}-[a-z0-9_]{1,12}\.bin$/),
  data: fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
});
const archiveArb = fc.uniqueArray(entryArb, { selector: (e) => e.name, minLength: 1, maxLength: 5 });

describe('tar round trip (property)', () => {
  it('reads back exactly what tarStream wrote, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(archiveArb, fc.integer({ min: 1, max: 5000 }), async (entries, chunk) => {
        const tar = await written(entries);
        expect(tar.length % 512).toBe(0);
        expect(await collect(tar, chunk, tar.length)).toEqual(entries);
      }),
      { numRuns: 60 },
    );
  });

  it('any cut before the end marker is a TruncatedArchiveError', async () => {
    await fc.assert(
      fc.asyncProperty(archiveArb, fc.double({ min: 0, max: 1, noNaN: true }), async (entries, frac) => {
        const tar = await written(entries);
        const cut = Math.floor(frac * (tar.length - 1024));
        await expect(collect(tar.subarray(0, cut))).rejects.toThrow(TruncatedArchiveError);
      }),
      { numRuns: 60 },
    );
  });

  it('a corrupted byte yields the data, or a ParError, never another failure', async () => {
    await fc.assert(
      fc.asyncProperty(archiveArb, fc.nat(), fc.integer({ min: 1, max: 255 }), async (entries, pos, xor) => {
        const tar = await written(entries);
        tar[pos % tar.length] ^= xor;
        try {
          await collect(tar, 4096, tar.length);
        } catch (err) {
          expect(err).toBeInstanceOf(ParError);
        }
      }),
      { numRuns: 100 },
    );
  });
});
