import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { drain, drainPaths } from './drain';
import { tempDir } from './test-support/fixtures';

describe('drain', () => {
  it('names the wash directories per selector; all = lib, oci, smithy, downloads', () => {
    const env = { TMPDIR: '/t', HOME: '/h' };
    expect(drainPaths('all', env, { smithyDir: '/s/smithy' })).toEqual(['/t/wasmcloudcache', '/t/wasmcloud_ocicache', '/s/smithy', '/h/.wash/downloads']);
    expect(drainPaths('downloads', env)).toEqual(['/h/.wash/downloads']);
    expect(() => drainPaths('smithy', env)).toThrow(/smithyDir/);
    expect(() => drainPaths('dev' as never, env)).toThrow(/unknown drain selector 'dev'/);
  });

  it('empties existing caches, keeps the directories, skips missing ones', async () => {
    const tmp = tempDir();
    const env = { TMPDIR: tmp, HOME: tmp };
    const lib = join(tmp, 'wasmcloudcache');
    mkdirSync(join(lib, 'VABC', '1'), { recursive: true });
    writeFileSync(join(lib, 'VABC', '1', 'x_default'), 'bin');
    writeFileSync(join(lib, '.hidden'), 'h');
    const paths = await drain('all', env, { smithyDir: join(tmp, 'smithy') });
    expect(paths).toHaveLength(4);
    expect(readdirSync(lib)).toEqual([]);
    expect(existsSync(join(tmp, 'wasmcloud_ocicache'))).toBe(false);
  });

  it('removes symlinks inside a cache without following them out', async () => {
    const tmp = tempDir();
    const outside = join(tmp, 'precious');
    mkdirSync(outside);
    writeFileSync(join(outside, 'keep.txt'), 'keep');
    const oci = join(tmp, 'wasmcloud_ocicache');
    mkdirSync(oci);
    symlinkSync(outside, join(oci, 'link-to-dir'));
    symlinkSync(join(outside, 'keep.txt'), join(oci, 'link-to-file'));
    await drain('oci', { TMPDIR: tmp, HOME: tmp });
    expect(readdirSync(oci)).toEqual([]);
    expect(readdirSync(outside)).toEqual(['keep.txt']);
  });

  it('refuses a cache directory that is itself a symlink', async () => {
    const tmp = tempDir();
    const elsewhere = join(tmp, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'keep.txt'), 'keep');
    symlinkSync(elsewhere, join(tmp, 'wasmcloudcache'));
    await expect(drain('lib', { TMPDIR: tmp, HOME: tmp })).rejects.toThrow(/refusing to drain .*wasmcloudcache: it is a symbolic link/);
    expect(readdirSync(elsewhere)).toEqual(['keep.txt']);
  });
});
