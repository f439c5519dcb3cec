import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '../test-support/files';
import { dirUsage, formatBytes } from './dir-usage';

describe('dirUsage', () => {
  it('counts files and bytes recursively, a symlink as itself, a missing dir as empty', async () => {
    const t = tempTree({ 'c/a.bin': 'x'.repeat(1000), 'c/sub/b.bin': 'y'.repeat(24), 'big/huge': 'z'.repeat(5000) });
    try {
      mkdirSync(join(t.root, 'c/empty'));
      symlinkSync(join(t.root, 'big'), join(t.root, 'c/link'));
      const u = await dirUsage(join(t.root, 'c'));
      expect(u.files).toBe(3);
      expect(u.bytes).toBeGreaterThanOrEqual(1024);
      expect(u.bytes).toBeLessThan(1024 + 4096); // the link's own size, not the 5000 bytes behind it
      expect(await dirUsage(join(t.root, 'nope'))).toEqual({ files: 0, bytes: 0 });
      writeFileSync(join(t.root, 'c/sub/b.bin'), '');
    } finally {
      t.cleanup();
    }
  });

  it('formats sizes in binary units', () => {
    expect(formatBytes(300)).toBe('300 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(12 * 1024 * 1024)).toBe('12 MiB');
  });
});
