import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempPathFor, writeFileAtomic } from './atomic-write';
import { tempDir } from './test-support/fixtures';

describe('writeFileAtomic', () => {
  it('writes through a temp file beside the target and leaves nothing else behind', async () => {
    const dir = tempDir();
    const target = join(dir, 'index.json');
    expect(tempPathFor(target).startsWith(join(dir, '.index.json.'))).toBe(true);
    await writeFileAtomic(target, '{"a":1}');
    await writeFileAtomic(target, '{"a":2}');
    expect(readFileSync(target, 'utf8')).toBe('{"a":2}');
    expect(readdirSync(dir)).toEqual(['index.json']);
  });

  it('removes its temp file when the write fails', async () => {
    const dir = tempDir();
    await expect(writeFileAtomic(join(dir, 'missing-dir', 'f'), 'x')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });
});
