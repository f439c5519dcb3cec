import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gunzipSync } from 'node:zlib';
import { isGzip, parGzipStages } from './gzip';

async function gzipOf(input: Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  const sink = new Writable({
    write(c, _e, done) {
      out.push(c);
      done();
    },
  });
  await pipeline([Readable.from(input), ...parGzipStages(), sink]);
  return Buffer.concat(out);
}

describe('parGzipStages', () => {
  it('writes the header wash writes (no name, mtime 0, XFL 2, OS 255) and valid deflate data', async () => {
    const data = Buffer.from('provider '.repeat(10000));
    const gz = await gzipOf([data]);
    expect(gz.subarray(0, 10).toString('hex')).toBe('1f8b08000000000002ff');
    expect(gunzipSync(gz).equals(data)).toBe(true);
  });

  it('is deterministic', async () => {
    const data = [Buffer.alloc(300_000, 5), Buffer.from('tail')];
    expect((await gzipOf(data)).equals(await gzipOf(data))).toBe(true);
  });

  it('patches the OS byte even when zlib output arrives one byte at a time', async () => {
    const [, fixOs] = parGzipStages();
    const out: number[] = [];
    fixOs.on('data', (c: Buffer) => out.push(...c));
    for (const b of Buffer.from('1f8b080000000000020300', 'hex')) fixOs.write(Buffer.from([b]));
    fixOs.end();
    await new Promise((r) => fixOs.on('end', r));
    expect(Buffer.from(out).toString('hex')).toBe('1f8b08000000000002ff00');
  });
});

describe('isGzip', () => {
  it('looks at the magic bytes only', () => {
    expect(isGzip(Buffer.from([0x1f, 0x8b]))).toBe(true);
    expect(isGzip(Buffer.from('claims.jwt'))).toBe(false);
    expect(isGzip(Buffer.from([0x1f]))).toBe(false);
  });
});
