import { freePort } from '@nx-wasmcloud/oci';
import { run } from '../program';
import { captureIo } from '../test-support';
import { runUp } from './up';

jest.setTimeout(60_000);

describe('nx-wasmcloud up --dashboard-port', () => {
  it('serves the dashboard on 127.0.0.1:<port> and prints its URL (with the per-start token) before the ready line', async () => {
    const port = await freePort();
    const io = captureIo();
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const running = runUp(io, { lattice: 'updash', dashboardPort: String(port) }, stopped);
    for (let i = 0; i < 300 && !io.stdout.some((l) => l.startsWith('wasmCloud host ready')); i++) await new Promise((r) => setTimeout(r, 50));
    try {
      const ready = io.stdout.findIndex((l) => l.startsWith('wasmCloud host ready'));
      expect(ready).toBe(io.stdout.length - 1);
      const line = io.stdout[ready - 1];
      expect(line).toMatch(new RegExp(`^dashboard: http://127\\.0\\.0\\.1:${port}/\\?token=[A-Za-z0-9_-]{43}$`));
      const url = line.slice('dashboard: '.length);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('app.mjs');
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(401);
    } finally {
      stop();
      await running;
    }
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });

  it('refuses a port that is not a number in one line', async () => {
    const io = captureIo();
    expect(await run(['up', '--dashboard-port', 'web'], io)).not.toBe(0);
    expect(io.stderr).toEqual(['error: --dashboard-port web: expected a port number (0-65535; 0 picks a free one)']);
  });
});
