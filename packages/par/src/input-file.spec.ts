import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ParIoError } from './errors';
import { regularFile } from './input-file';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'par-input-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('regularFile', () => {
  it('gives the size of a regular file', async () => {
    writeFileSync(join(dir, 'f'), 'abc');
    await expect(regularFile(join(dir, 'f'), 'binary')).resolves.toEqual({ size: 3 });
  });

  it('refuses devices, FIFOs and directories without opening them', async () => {
    const fifo = join(dir, 'p');
    execFileSync('mkfifo', [fifo]); // opening it would block until a writer appears
    for (const [path, kind] of [
      ['/dev/zero', 'a character device'],
      [fifo, 'a FIFO'],
      [dir, 'a directory'],
    ]) {
      await expect(regularFile(path, 'binary')).rejects.toThrow(new ParIoError(`binary '${path}' is ${kind}, not a regular file; give the file itself`));
    }
  });

  it('names a missing file', async () => {
    await expect(regularFile(join(dir, 'nope'), 'schema file')).rejects.toThrow(new ParIoError(`cannot read schema file '${join(dir, 'nope')}': no such file`));
  });
});
