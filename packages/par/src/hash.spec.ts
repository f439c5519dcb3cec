import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ParIoError } from './errors';
import { hashFile, ioError } from './hash';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'par-hash-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hashFile', () => {
  it('gives size and HEXUPPER SHA-256 (FIPS 180-2 "abc" vector)', async () => {
    writeFileSync(join(dir, 'abc'), 'abc');
    expect(await hashFile(join(dir, 'abc'))).toEqual({ size: 3, hash: 'BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD' });
  });

  it('names the file it cannot read', async () => {
    await expect(hashFile(join(dir, 'nope'), 'binary for x86_64-linux')).rejects.toThrow(
      new ParIoError(`cannot read binary for x86_64-linux '${join(dir, 'nope')}': no such file`),
    );
    await expect(hashFile(dir)).rejects.toThrow(new ParIoError(`binary '${dir}' is a directory, not a regular file; give the file itself`));
  });
});

describe('ioError', () => {
  it('passes non-fs errors through untouched', () => {
    const bug = new TypeError('bug');
    expect(ioError(bug, 'ctx')).toBe(bug);
    expect(ioError(Object.assign(new Error('x'), { code: 'EACCES' }), 'ctx').message).toBe('ctx: permission denied');
  });
});
