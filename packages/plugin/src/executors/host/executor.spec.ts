import { getHosts } from '@nx-wasmcloud/host';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { captureOutput, executorContext } from '../../test-support/executor-context';
import { tempTree } from '../../test-support/files';
import { freePort } from '@nx-wasmcloud/oci';
import hostExecutor from './executor';

jest.setTimeout(60_000);

describe('host executor (nx-wasmcloud up as a continuous task)', () => {
  const ws = tempTree({});
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
    ws.cleanup();
  });

  it('prints the lines up prints, ending with the ready line; serves ctl; SIGTERM stops it cleanly', async () => {
    const cluster = KeyPair.create('cluster');
    process.env.WASMCLOUD_CLUSTER_SEED = cluster.seed;
    const out = captureOutput();
    const running = hostExecutor({ lattice: 'nxhost', natsPort: await freePort() }, executorContext(ws.root, 'ws', '.', 'host'));
    let text: string;
    try {
      for (let i = 0; i < 200 && !out.text().includes('wasmCloud host ready'); i++) await new Promise((r) => setTimeout(r, 50));
      text = out.text();
      expect(text).toContain('wasmCloud host ready');
      expect(text).toContain(`cluster issuer: ${cluster.publicKey}`);
      expect(text).not.toContain(cluster.seed);
      const url = /NATS: (nats:\/\/127\.0\.0\.1:\d+)/.exec(text)![1];
      const hosts = await getHosts({ nats: url, lattice: 'nxhost' });
      expect(hosts).toHaveLength(1);
      expect(text).toContain(`host: ${hosts[0].id}`);
      // The dashboard, as nx-wasmcloud up serves it: loopback, a token in the URL.
      const dashboard = /dashboard: (http:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(text)![1];
      expect((await fetch(dashboard)).status).toBe(200);
    } finally {
      process.emit('SIGTERM');
      expect(await running).toEqual({ success: true });
      out.restore();
    }
  });
});
