import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileDigest, sha256Digest } from './digest';
import { tempDir } from './test-support/fixtures';

describe('digests', () => {
  it('hashes bytes and files to sha256:<hex> (the NIST "abc" vector)', async () => {
    const abc = 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(sha256Digest('abc')).toBe(abc);
    const file = join(tempDir(), 'abc');
    writeFileSync(file, 'abc');
    const seen: number[] = [];
    expect(await fileDigest(file, (n) => seen.push(n))).toEqual({ digest: abc, size: 3 });
    expect(seen).toEqual([3]);
  });
});
