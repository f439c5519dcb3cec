import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onInterrupt, trackTempPath } from './exit-cleanup';
import { runTs } from './test-support/child';
import { tempDir } from './test-support/fixtures';

describe('exit cleanup', () => {
  it('listens for signals only while something is registered', () => {
    const before = process.listenerCount('SIGINT');
    const release = trackTempPath('/nonexistent/x');
    const releaseTask = onInterrupt(async () => undefined);
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    release();
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    releaseTask();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('removes tracked paths at exit and runs interrupt tasks before dying of the signal', async () => {
    const dir = tempDir();
    const file = join(dir, 'partial.tmp');
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    writeFileSync(file, 'x');
    const exiting = runTs(`
      const { trackTempPath } = require(src + '/exit-cleanup');
      trackTempPath(${JSON.stringify(file)});
      process.exit(3);
    `);
    expect(await exiting.exited).toEqual({ code: 3, signal: null });
    expect(existsSync(file)).toBe(false);

    const marker = join(dir, 'task-ran');
    const signalled = runTs(`
      const { trackTempPath, onInterrupt } = require(src + '/exit-cleanup');
      const { writeFileSync } = require('node:fs');
      trackTempPath(${JSON.stringify(sub)});
      onInterrupt(async () => { await new Promise((r) => setTimeout(r, 50)); writeFileSync(${JSON.stringify(marker)}, 'y'); });
      setInterval(() => undefined, 1000);
      console.log('ready');
    `);
    while (!signalled.stdout().includes('ready')) await new Promise((r) => setTimeout(r, 20));
    signalled.proc.kill('SIGTERM');
    expect(await signalled.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(existsSync(sub)).toBe(false);
    expect(existsSync(marker)).toBe(true);
  });
});
