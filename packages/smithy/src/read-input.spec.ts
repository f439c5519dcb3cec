import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SmithyError } from './errors';
import { readInputText } from './read-input';
import { loadSources } from './sources';
import { parseCodegenConfig } from './config';

describe('readInputText', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'smithy-read-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a regular file', () => {
    writeFileSync(join(dir, 'a.smithy'), 'namespace a');
    expect(readInputText(join(dir, 'a.smithy'), 'model file')).toBe('namespace a');
  });

  it('refuses devices, FIFOs and directories without reading them', () => {
    const fifo = join(dir, 'p.smithy');
    execFileSync('mkfifo', [fifo]); // reading it would block until a writer appears
    for (const [path, kind] of [
      ['/dev/zero', 'a character device'],
      [fifo, 'a FIFO'],
      [dir, 'a directory'],
    ]) {
      expect(() => readInputText(path, 'model file')).toThrow(new SmithyError(`model file ${path} is ${kind}, not a regular file`));
    }
  });

  it('refuses a file over SMITHY_MAX_FILE_BYTES, and names a missing one', () => {
    writeFileSync(join(dir, 'big.smithy'), 'x'.repeat(2000));
    expect(() => readInputText(join(dir, 'big.smithy'), 'model file', { SMITHY_MAX_FILE_BYTES: '1000' })).toThrow(
      new SmithyError(`model file ${join(dir, 'big.smithy')} is 2000 bytes, more than 1000 (raise SMITHY_MAX_FILE_BYTES if it is really that large)`),
    );
    expect(() => readInputText(join(dir, 'nope'), 'config')).toThrow(new SmithyError(`cannot read config ${join(dir, 'nope')}: ENOENT`));
  });

  it('is what [[models]] paths go through (a path naming /dev/zero used to be read forever)', async () => {
    const cfg = parseCodegenConfig('[[models]]\npath = "/dev/zero"', join(dir, 'codegen.toml'));
    await expect(loadSources(cfg)).rejects.toThrow(new SmithyError('model file /dev/zero is a character device, not a regular file'));
  });
});
