import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAtomically } from './atomic-file';

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'wascap-atomic-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeAtomically', () => {
  it('writes a temp file beside the destination, then renames it over', async () => {
    const dest = join(dir, 'a.par');
    writeFileSync(dest, 'old');
    let tempSeen = '';
    await writeAtomically(dest, async (temp) => {
      tempSeen = temp;
      await writeFile(temp, 'new');
      expect(readFileSync(dest, 'utf8')).toBe('old');
    });
    expect(tempSeen.startsWith(join(dir, '.a.par.'))).toBe(true);
    expect(readFileSync(dest, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['a.par']);
  });

  it('leaves the destination as it was and removes the temp file on failure', async () => {
    const dest = join(dir, 'b.par');
    writeFileSync(dest, 'keep');
    await expect(
      writeAtomically(dest, async (temp) => {
        await writeFile(temp, 'partial');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(readFileSync(dest, 'utf8')).toBe('keep');
    expect(readdirSync(dir).sort()).toEqual(['a.par', 'b.par']);
  });
});
