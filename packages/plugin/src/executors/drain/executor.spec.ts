import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureOutput, executorContext } from '../../test-support/executor-context';
import { tempTree } from '../../test-support/files';
import drainExecutor from './executor';

describe('drain executor', () => {
  const ws = tempTree({});
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
    ws.cleanup();
  });

  it('empties the smithy cache (wash drain smithy) and lists what it removed', async () => {
    process.env.HOME = ws.root;
    process.env.XDG_CACHE_HOME = join(ws.root, 'cache');
    const smithy = join(ws.root, 'cache', 'smithy');
    mkdirSync(smithy, { recursive: true });
    writeFileSync(join(smithy, 'model.smithy'), 'namespace x\n');
    const out = captureOutput();
    const result = await drainExecutor({ selector: 'smithy' }, executorContext(ws.root, 'ws', '.', 'drain')).finally(out.restore);
    expect(result).toEqual({ success: true });
    expect(existsSync(join(smithy, 'model.smithy'))).toBe(false);
    expect(out.text()).toContain(`Removed 1 file (12 B) from ${smithy}`);
  });

  it('with no selector drains every cache and says what and how much it removed', async () => {
    // Every cache inside the test's directory: lib and oci live under TMPDIR.
    process.env.TMPDIR = join(ws.root, 'tmp');
    process.env.HOME = ws.root;
    process.env.XDG_CACHE_HOME = join(ws.root, 'cache');
    const smithy = join(ws.root, 'cache', 'smithy');
    const downloads = join(ws.root, '.wash', 'downloads');
    mkdirSync(join(smithy, 'm'), { recursive: true });
    mkdirSync(downloads, { recursive: true });
    writeFileSync(join(smithy, 'm', 'a.smithy'), 'x'.repeat(2048));
    writeFileSync(join(smithy, 'b.smithy'), 'x'.repeat(1024));
    writeFileSync(join(downloads, 'wadm'), 'y'.repeat(100));
    let out = captureOutput();
    expect(await drainExecutor({}, executorContext(ws.root, 'ws', '.', 'drain')).finally(out.restore)).toEqual({ success: true });
    expect(out.text()).toContain(`Removed 2 files (3.0 KiB) from ${smithy}`);
    expect(out.text()).toContain(`Removed 1 file (100 B) from ${downloads}`);
    expect(out.text()).toContain('Drained all: 3 files, 3.1 KiB removed');
    expect(existsSync(join(downloads, 'wadm'))).toBe(false);
    out = captureOutput();
    await drainExecutor({}, executorContext(ws.root, 'ws', '.', 'drain')).finally(out.restore);
    expect(out.text()).toContain(`Drained all: nothing to remove (${join(ws.root, 'tmp', 'wasmcloudcache')}, `);
  });
});
