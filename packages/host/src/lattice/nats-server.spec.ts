import { existsSync } from 'node:fs';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { HostUserError } from '../errors';
import { startNatsServer } from './nats-server';

describe('startNatsServer (Debian nats-server on loopback)', () => {
  it('serves NATS with JetStream on a free loopback port, and stop() kills it', async () => {
    const server = await startNatsServer();
    try {
      expect(server.url).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
      const nc = await connect({ servers: server.url });
      const sub = nc.subscribe('ping', { callback: (_e, m) => m.respond(m.data) });
      const reply = await nc.request('ping', new Uint8Array([7]), { timeout: 2000 });
      expect([...reply.data]).toEqual([7]);
      const info = await (await jetstreamManager(nc)).getAccountInfo();
      expect(info.limits).toBeDefined();
      sub.unsubscribe();
      await nc.close();
    } finally {
      await server.stop();
    }
    expect(existsSync(`/proc/${server.pid}/status`) && !/State:\s+Z/.test(require('node:fs').readFileSync(`/proc/${server.pid}/status`, 'utf8'))).toBe(false);
    await server.stop();
  });
  it('a missing binary is one line naming the package', async () => {
    await expect(startNatsServer({ binary: 'no-such-nats-server' })).rejects.toThrow(HostUserError);
    await expect(startNatsServer({ binary: 'no-such-nats-server' })).rejects.toThrow(/install the Debian package nats-server/);
  });
  it('a taken port: the server exits and the error says so', async () => {
    const first = await startNatsServer({ jetstream: false });
    try {
      await expect(startNatsServer({ port: first.port, jetstream: false })).rejects.toThrow(/exited \(code \d+\) before accepting connections/);
    } finally {
      await first.stop();
    }
  });
});
