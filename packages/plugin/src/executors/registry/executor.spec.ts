import { freePort } from '@nx-wasmcloud/oci';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { captureOutput, executorContext, requireTool } from '../../test-support/executor-context';
import { tempTree } from '../../test-support/files';
import registryExecutor from './executor';

requireTool('/usr/bin/docker-registry', 'the Distribution registry (Debian docker-registry)');
jest.setTimeout(60_000);

async function waitFor(url: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    try {
      return (await fetch(url)).status;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} never answered`);
}

describe('registry executor', () => {
  const ws = tempTree({});
  afterAll(() => ws.cleanup());

  it('serves /v2/ on the given loopback port until the task is stopped, then exits cleanly', async () => {
    const port = await freePort();
    const out = captureOutput();
    const running = registryExecutor({ port }, executorContext(ws.root, 'ws', '.', 'registry'));
    try {
      expect(await waitFor(`http://127.0.0.1:${port}/v2/`)).toBe(200);
      expect(existsSync(join(ws.root, '.wasmcloud/registry'))).toBe(true);
    } finally {
      // What Nx does to a continuous task at the end of a run.
      process.emit('SIGTERM');
      expect(await running).toEqual({ success: true });
      out.restore();
    }
    await expect(fetch(`http://127.0.0.1:${port}/v2/`)).rejects.toThrow();
  });
});
