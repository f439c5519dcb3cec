import { KeyPair } from '@nx-wasmcloud/wascap';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@nx-wasmcloud/oci';
import { listening } from '../../test-support/listening';
import { requireTool } from '../../test-support/executor-context';
import { ensureRuntime, withLock } from './ensure-host';

requireTool('/usr/bin/docker-registry', 'the Distribution registry (Debian docker-registry)');
requireTool('/usr/sbin/nats-server', 'nats-server (Debian)');
jest.setTimeout(120_000);

describe('dev runtime', () => {
  let dir: string;
  const saved = { ...process.env };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dev-runtime-'));
  });
  afterEach(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('withLock runs one holder at a time, and removes its file after', async () => {
    const file = join(dir, '.wasmcloud/dev-runtime.lock');
    const events: string[] = [];
    const hold = (name: string) =>
      withLock(file, async () => {
        events.push(`${name} in`);
        await new Promise((r) => setTimeout(r, 150));
        events.push(`${name} out`);
      });
    await Promise.all([hold('a'), hold('b')]);
    expect(events).toEqual(['a in', 'a out', 'b in', 'b out']);
    expect(existsSync(file)).toBe(false);
  });

  it('withLock takes over the file of a holder that died, and names a live holder that keeps it too long', async () => {
    const file = join(dir, 'lock');
    const dead = spawnSync('true').pid;
    writeFileSync(file, String(dead));
    await expect(withLock(file, async () => 'ran')).resolves.toBe('ran');
    writeFileSync(file, String(process.pid));
    await expect(withLock(file, async () => 'ran', 300)).rejects.toThrow(
      `${file}: process ${process.pid} has been starting the dev host for 0.3 s; stop it or delete the file`,
    );
  });

  it('two devs starting at once (nx run-many -t dev): one starts registry, nats-server and host, the other uses them', async () => {
    const [registryPort, natsPort] = [await freePort(), await freePort()];
    Object.assign(process.env, { TMPDIR: dir, WASMCLOUD_CLUSTER_SEED: KeyPair.create('cluster').seed });
    mkdirSync(join(dir, 'ws'));
    const options = {
      workspaceRoot: join(dir, 'ws'),
      natsUrl: `127.0.0.1:${natsPort}`,
      lattice: 'runmany',
      registries: [`127.0.0.1:${registryPort}`],
      dashboardPort: 0,
      log: () => undefined,
    };
    const [a, b] = await Promise.all([ensureRuntime(options), ensureRuntime(options)]);
    try {
      const [starter, user] = a.lines.length ? [a, b] : [b, a];
      expect(starter.lines.join('\n')).toContain(`registry: 127.0.0.1:${registryPort} started`);
      expect(starter.lines.join('\n')).toMatch(/nats-server started/);
      expect(user.lines).toEqual([]);
      expect(await listening(natsPort)).toBe(true);
      expect(await listening(registryPort)).toBe(true);
    } finally {
      await a.stop();
      await b.stop();
    }
    expect(await listening(natsPort)).toBe(false);
    expect(await listening(registryPort)).toBe(false);
  });
});
