import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { Parser, ReadEntry } from 'tar';
import { ParError } from './errors';
import { tarStream, TarSourceEntry, writeTarFile } from './tar-write';

function entry(name: string, data: Buffer): TarSourceEntry {
  return {
    name,
    size: data.length,
    chunks: async function* () {
      yield data;
    },
  };
}

/** Lists a tar with npm `tar` (an independent reader). */
interface Listed {
  path: string;
  size: number;
  type: string;
  data: Buffer;
  mode: unknown;
  mtime: number | undefined;
}
function npmTarList(tar: Buffer): Promise<Listed[]> {
  return new Promise((resolve, reject) => {
    const out: Listed[] = [];
    const p = new Parser({ strict: true });
    p.on('entry', (e: ReadEntry) => {
      const parts: Buffer[] = [];
      e.on('data', (c: Buffer) => parts.push(c));
      e.on('end', () => out.push({ path: e.path, size: e.size, type: e.type, data: Buffer.concat(parts), mode: e.mode, mtime: e.mtime?.getTime() }));
    });
    p.on('error', reject);
    p.on('end', () => resolve(out));
    p.end(tar);
  });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'par-tar-write-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeTarFile', () => {
  it('writes headers, 512-byte padding and exactly two zero blocks (no record padding)', async () => {
    const file = join(dir, 'a.par');
    await writeTarFile(file, [entry('claims.jwt', Buffer.from('abc')), entry('x86_64-linux.bin', Buffer.alloc(513, 9))], false);
    const tar = readFileSync(file);
    expect(tar.length).toBe(512 + 512 + 512 + 1024 + 1024);
    expect(tar.subarray(tar.length - 1024).every((b) => b === 0)).toBe(true);
  });

  it('is read by npm tar (strict) and GNU tar', async () => {
    const file = join(dir, 'b.par');
    await writeTarFile(file, [entry('claims.jwt', Buffer.from('jwt')), entry('aarch64-macos.bin', Buffer.from('bin'))], false);
    const listed = await npmTarList(readFileSync(file));
    // wash's PAR headers (provider-archive via tar-rs) carry no mode and the epoch as mtime; npm tar reads them so.
    expect(listed.map(({ path, size, type, mode, mtime }) => ({ path, size, type, mode, mtime }))).toEqual([
      { path: 'claims.jwt', size: 3, type: 'File', mode: undefined, mtime: 0 },
      { path: 'aarch64-macos.bin', size: 3, type: 'File', mode: undefined, mtime: 0 },
    ]);
    expect(execFileSync('tar', ['-tf', file], { encoding: 'utf8' })).toBe('claims.jwt\naarch64-macos.bin\n');
  });

  it('gzips with the fixed header 1f8b 0800 00000000 02ff, reproducibly', async () => {
    const a = join(dir, 'c.par.gz');
    const b = join(dir, 'd.par.gz');
    const entries = [entry('claims.jwt', Buffer.from('x.y.z')), entry('x86_64-linux.bin', Buffer.alloc(100_000, 3))];
    await writeTarFile(a, entries, true);
    await writeTarFile(b, entries, true);
    const gz = readFileSync(a);
    expect(gz.subarray(0, 10).toString('hex')).toBe('1f8b08000000000002ff');
    expect(gz.equals(readFileSync(b))).toBe(true);
    const tar = gunzipSync(gz);
    expect((await npmTarList(tar)).map((e) => e.path)).toEqual(['claims.jwt', 'x86_64-linux.bin']);
  });

  it('fails, leaving nothing half-written behind it, when a source yields fewer bytes than declared', async () => {
    const file = join(dir, 'short.par');
    const lying: TarSourceEntry = {
      name: 'x.bin',
      size: 10,
      chunks: async function* () {
        yield Buffer.from('abc');
      },
    };
    await expect(writeTarFile(file, [lying], false)).rejects.toThrow(ParError);
  });

  it('refuses to overwrite an existing file (callers write to a fresh temp file)', async () => {
    const file = join(dir, 'exists.par');
    writeFileSync(file, 'keep');
    await expect(writeTarFile(file, [entry('claims.jwt', Buffer.from('a'))], false)).rejects.toThrow(/cannot write/);
    expect(readFileSync(file, 'utf8')).toBe('keep');
  });
});

describe('tarStream (property)', () => {
  it('npm tar reads every archive we write, with the same names, sizes and bytes', async () => {
    const arb = fc.uniqueArray(
      fc.record({
        name: fc.stringMatching(/^[a-z0-9_]{1,10}-[a-z0-9_]{1,10}\.bin$/),
        data: fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)),
      }),
      { selector: (e) => e.name, minLength: 1, maxLength: 4 },
    );
    await fc.assert(
      fc.asyncProperty(arb, async (entries) => {
        const parts: Buffer[] = [];
        for await (const c of tarStream(entries.map((e) => entry(e.name, e.data)))) parts.push(c);
        const listed = await npmTarList(Buffer.concat(parts));
        expect(listed.map((e) => ({ name: e.path, data: e.data }))).toEqual(entries);
      }),
      { numRuns: 50 },
    );
  });
});
