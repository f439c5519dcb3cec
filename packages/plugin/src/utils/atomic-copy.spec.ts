import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '../test-support/files';
import { atomicCopy } from './atomic-copy';

describe('atomicCopy', () => {
  const ws = tempTree({ 'src.bin': 'payload' });
  afterAll(() => ws.cleanup());

  it('creates the directory, sets the mode and leaves no temp file', async () => {
    await atomicCopy(join(ws.root, 'src.bin'), join(ws.root, 'out/dir/dest.bin'), 0o755);
    expect(readFileSync(join(ws.root, 'out/dir/dest.bin'), 'utf8')).toBe('payload');
    expect(statSync(join(ws.root, 'out/dir/dest.bin')).mode & 0o777).toBe(0o755);
    expect(readdirSync(join(ws.root, 'out/dir'))).toEqual(['dest.bin']);
  });

  it('cleans up and rethrows when the source is missing', async () => {
    await expect(atomicCopy(join(ws.root, 'missing'), join(ws.root, 'out/x.bin'))).rejects.toThrow(/ENOENT/);
    expect(readdirSync(join(ws.root, 'out'))).toEqual(['dir']);
  });
});
