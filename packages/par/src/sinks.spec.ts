import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSink } from './sinks';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'par-sink-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fileSink', () => {
  it('writes chunks in order with the requested mode', async () => {
    const sink = await fileSink(join(dir, 'x'), 0o755);
    await sink.write(Buffer.from('ab'));
    await sink.write(Buffer.from('c'));
    await sink.close();
    expect(readFileSync(join(dir, 'x'), 'utf8')).toBe('abc');
    expect(statSync(join(dir, 'x')).mode & 0o777).toBe(0o755 & ~process.umask());
  });

  it('never opens an existing path (no writing through planted files or links)', async () => {
    writeFileSync(join(dir, 'planted'), 'keep');
    await expect(fileSink(join(dir, 'planted'))).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(join(dir, 'planted'), 'utf8')).toBe('keep');
  });
});
