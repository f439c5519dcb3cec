import { KeyPair } from '@nx-wasmcloud/wascap';
import { getHosts } from './control-client';
import { up, UP_READY_TEXT } from './up';

jest.setTimeout(30_000);

describe('up', () => {
  it('starts nats-server and a host with the control interface; stop() ends both', async () => {
    const cluster = KeyPair.create('cluster');
    const u = await up({ lattice: 'up', clusterSeed: cluster.seed, log: () => undefined });
    try {
      expect(u.lines).toEqual([
        `NATS: ${u.natsUrl} (nats-server started on loopback, JetStream on)`,
        'lattice: up',
        `host: ${u.hostId}`,
        `cluster issuer: ${cluster.publicKey}`,
        `${UP_READY_TEXT} (nx-wasmcloud ctl get inventory --nats-url ${u.natsUrl.slice('nats://'.length)} --lattice up)`,
      ]);
      expect(u.lines.join('\n')).not.toContain(cluster.seed);
      expect((await getHosts({ nats: u.natsUrl, lattice: 'up' })).map((h) => h.id)).toEqual([u.hostId]);
    } finally {
      await u.stop();
    }
    expect(() => process.kill(u.natsServer!.pid, 0)).toThrow();
  });
  it('with dashboard: the URL line comes before the ready line, the page answers, stop() closes it', async () => {
    const u = await up({ lattice: 'updash', dashboard: { port: 0 }, log: () => undefined });
    let url: string;
    try {
      url = u.dashboard!.url;
      expect(u.lines.at(-2)).toBe(`dashboard: ${url}`);
      expect(u.lines.at(-1)).toMatch(new RegExp(`^${UP_READY_TEXT}`));
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      expect((await fetch(url)).status).toBe(200);
    } finally {
      await u.stop();
    }
    await expect(fetch(url)).rejects.toThrow();
  });
  it('a bad cluster seed is one line and leaves no nats-server behind', async () => {
    await expect(up({ clusterSeed: 'SCBAD' })).rejects.toThrow(/^cluster seed: /);
  });
});
