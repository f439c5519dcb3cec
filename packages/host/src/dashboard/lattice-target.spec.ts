import { request } from 'node:http';
import { decode, encode } from '@msgpack/msgpack';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { LatticeHost } from '../lattice/lattice-host';
import { NatsServer, startNatsServer } from '../lattice/nats-server';
import { latticeCall } from '../lattice/rpc-client';
import { sign, watActorModule } from '../test-support/fixtures';
import { FAMILIES } from '../test-support/wat-actor';
import type { DashboardState } from './controller';
import { Dashboard, startDashboard } from './server';

function post(d: Dashboard, path: string, body: unknown, type = 'application/json'): Promise<{ status: number; body: unknown }> {
  const data = type === 'application/json' ? JSON.stringify(body) : (body as Uint8Array);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: d.port, method: 'POST', path: `${path}?token=${d.token}`, headers: { 'content-type': type } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** The state frame the events stream opens with. */
function state(d: Dashboard): Promise<DashboardState> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: d.port, path: `/events?token=${d.token}` }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
        const end = text.indexOf('\n\n');
        if (end < 0) return;
        req.destroy();
        resolve(JSON.parse(text.slice(0, end).split('\ndata: ')[1]) as DashboardState);
      });
    });
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
    req.end();
  });
}

describe('dashboard over a LatticeHost (real nats-server)', () => {
  let server: NatsServer;
  let lh: LatticeHost;
  let dashboard: Dashboard;

  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    lh = await LatticeHost.start({ natsUrl: server.url, lattice: 'dash' });
    dashboard = await startDashboard(lh, { healthIntervalSeconds: 3600 });
  });
  afterEach(async () => {
    await dashboard.close();
    await lh.close();
  });

  it('shows the host, counts lattice invocations, lists lattice links and asks providers for their health', async () => {
    const signed = await sign(watActorModule(FAMILIES['wasmbus-0.7']), { name: 'lattice-echo' });
    expect(await post(dashboard, '/api/upload', signed.bytes, 'application/wasm')).toMatchObject({ status: 200, body: { publicKey: signed.publicKey } });

    const reply = await latticeCall({
      nats: server.url,
      lattice: 'dash',
      clusterSeed: lh.clusterSeed,
      actorKey: signed.publicKey,
      operation: 'Echo.Echo',
      payload: encode('over nats'),
    });
    expect(decode(reply)).toBe('over nats');
    await expect(
      latticeCall({
        nats: server.url,
        lattice: 'dash',
        clusterSeed: lh.clusterSeed,
        actorKey: signed.publicKey,
        operation: 'Fail.Fail',
        payload: new Uint8Array(0),
      }),
    ).rejects.toThrow('échec: boom ✗');

    const provider = KeyPair.create('service').publicKey;
    expect(await post(dashboard, '/api/link', { actorId: 'lattice-echo', contractId: 'wasmcloud:httpserver', provider, linkName: 'web' })).toEqual({
      status: 200,
      body: { ok: true },
    });
    // A provider answering health on the lattice, as a provider process would.
    const nc = lh.nats;
    const sub = nc.subscribe(`wasmbus.rpc.dash.${provider}.web.health`, {
      callback: (_e: Error | null, m: { respond(data: Uint8Array): boolean }) => m.respond(encode({ healthy: true, message: 'all good' })),
    });
    lh.registerProvider({
      publicKey: provider,
      linkName: 'web',
      contractId: 'wasmcloud:httpserver',
      name: 'http',
      stop: async () => undefined,
      health: async () => ({ healthy: true }),
    });
    const silent = KeyPair.create('service').publicKey;
    lh.registerProvider({
      publicKey: silent,
      linkName: 'default',
      contractId: 'wasmcloud:keyvalue',
      stop: async () => undefined,
      health: async () => ({ healthy: true }),
    });
    let s = await state(dashboard);
    // The silent provider's health request has to time out (2 s) before both are known.
    for (let i = 0; i < 40 && s.providers.some((p) => p.health === 'unknown'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      s = await state(dashboard);
    }
    sub.unsubscribe();
    expect(s.host).toEqual({ hostId: lh.hostId, lattice: 'dash', startedAt: lh.startedAt.toISOString() });
    expect(s.actors).toHaveLength(1);
    expect(s.actors[0]).toMatchObject({ publicKey: signed.publicKey, name: 'lattice-echo', calls: 2, errors: 1 });
    expect(s.links).toEqual([{ actorId: signed.publicKey, contractId: 'wasmcloud:httpserver', linkName: 'web', provider }]);
    expect(s.providers).toEqual([
      { publicKey: provider, linkName: 'web', contractId: 'wasmcloud:httpserver', name: 'http', health: 'healthy', message: 'all good' },
      {
        publicKey: silent,
        linkName: 'default',
        contractId: 'wasmcloud:keyvalue',
        health: 'unhealthy',
        message: `no answer on wasmbus.rpc.dash.${silent}.default.health`,
      },
    ]);

    expect(await post(dashboard, '/api/unlink', { actorId: signed.publicKey, contractId: 'wasmcloud:httpserver', linkName: 'web' })).toEqual({
      status: 200,
      body: { ok: true },
    });
    expect(lh.links()).toEqual([]);
  }, 20_000);
});
