import { Readable } from 'node:stream';
import { ByteReader } from './byte-reader';
import { TruncatedArchiveError } from './errors';

const chunks = (...parts: string[]) => Readable.from(parts.map((p) => Buffer.from(p)));

describe('ByteReader', () => {
  it('reads exact counts across chunk boundaries and tracks the offset', async () => {
    const r = new ByteReader(chunks('ab', '', 'cde', 'f'));
    expect((await r.read(3)).toString()).toBe('abc');
    expect(r.offset).toBe(3);
    const taken: string[] = [];
    for await (const piece of r.take(2, 'x')) taken.push(piece.toString());
    expect(taken.join('')).toBe('de');
    expect((await r.read(10)).toString()).toBe('f');
    expect((await r.read(10)).length).toBe(0);
    expect(r.offset).toBe(6);
  });

  it('names the data when the stream ends inside take()', async () => {
    const r = new ByteReader(chunks('abc'));
    await expect(r.skip(5, "entry 'a.bin'")).rejects.toThrow(
      new TruncatedArchiveError("entry 'a.bin': archive ends 2 bytes early (truncated download or copy?)"),
    );
  });

  it('hands out chunks without copying whole streams (a chunk at a time)', async () => {
    const big = Buffer.alloc(1 << 20, 1);
    const r = new ByteReader(Readable.from([big, big]));
    const sizes: number[] = [];
    for await (const piece of r.take(2 << 20, 'x')) sizes.push(piece.length);
    expect(sizes).toEqual([1 << 20, 1 << 20]);
  });
});
