import { BLOCK, gnuHeader, isZeroBlock, paddingFor, parseHeader } from './tar-header';
import { MalformedArchiveError } from './errors';
import { rawHeader } from './test-support/raw-tar';

/** Byte layout of the first header of wasmCloud/examples fakepay.par.gz, written by wash. */
function washHeader(name: string, size: string, cksum: string): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 'latin1');
  h.write(size, 124, 'latin1');
  h.write('00000000000\0', 136, 'latin1'); // mtime 0
  h.write(cksum, 148, 'latin1');
  h.write('ustar  \0', 257, 'latin1'); // GNU magic + version
  return h;
}

describe('gnuHeader', () => {
  it('is byte-identical to the headers wash wrote in fakepay.par.gz', () => {
    expect(gnuHeader('claims.jwt', 637).equals(washHeader('claims.jwt', '00000001175\0', '0005631\0'))).toBe(true);
    expect(gnuHeader('x86_64-linux.bin', 4261184).equals(washHeader('x86_64-linux.bin', '00020202500\0', '0006415\0'))).toBe(true);
  });

  it('leaves mode, uid, gid, typeflag, uname and gname NUL', () => {
    const h = gnuHeader('x86_64-linux.bin', 4261184);
    expect(h.subarray(100, 124).every((b) => b === 0)).toBe(true);
    expect(h[156]).toBe(0);
    expect(h.subarray(265, 329).every((b) => b === 0)).toBe(true);
  });

  it('switches the size to GNU base-256 from 8 GiB, as tar-rs does', () => {
    const size = 8 ** 11 + 5;
    const h = gnuHeader('big.bin', size);
    expect(h[124]).toBe(0x80);
    expect(parseHeader(h, 0).size).toBe(size);
    expect(parseHeader(gnuHeader('edge.bin', 8 ** 11 - 1), 0).size).toBe(8 ** 11 - 1);
  });

  it('refuses names that do not fit the 100-byte field', () => {
    expect(() => gnuHeader('a'.repeat(101), 1)).toThrow(MalformedArchiveError);
    expect(() => gnuHeader('', 1)).toThrow(MalformedArchiveError);
  });
});

describe('parseHeader', () => {
  it('reads back name, size and kind', () => {
    expect(parseHeader(gnuHeader('claims.jwt', 637), 0)).toEqual({ name: 'claims.jwt', size: 637, kind: 'file', typeflag: '\0' });
  });

  it('reads headers written by other tools (ustar typeflag 0, trailing-space checksum)', () => {
    expect(parseHeader(rawHeader({ name: 'a.bin', size: 3 }), 0)).toMatchObject({ name: 'a.bin', size: 3, kind: 'file' });
    expect(parseHeader(rawHeader({ name: 'l.bin', typeflag: '2', linkname: '/etc/passwd' }), 0).kind).toBe('symlink');
  });

  it('joins a POSIX ustar prefix, so a hidden directory is visible to the name checks', () => {
    const h = rawHeader({ name: 'x.bin', size: 0 });
    h.write('ustar\u000000', 257, 'latin1');
    h.write('../../etc', 345, 'latin1');
    h.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    expect(parseHeader(h, 0).name).toBe('../../etc/x.bin');
  });

  it('rejects a corrupted header by its checksum', () => {
    const h = gnuHeader('claims.jwt', 637);
    h[3] ^= 1;
    expect(() => parseHeader(h, 2)).toThrow(/header #3 has a bad checksum/);
  });

  it('helpers: zero blocks and padding', () => {
    expect(isZeroBlock(Buffer.alloc(BLOCK))).toBe(true);
    expect(isZeroBlock(gnuHeader('a', 0))).toBe(false);
    expect([0, 1, 511, 512, 513].map(paddingFor)).toEqual([0, 511, 1, 0, 511]);
  });
});
