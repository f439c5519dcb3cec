import { connect, NatsConnection } from '@nats-io/transport-node';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { LatticeHost } from '../lattice/lattice-host';
import { NatsServer, startNatsServer } from '../lattice/nats-server';
import { getHosts, getInventory } from './control-client';
import { ControlServer } from './control-server';

jest.setTimeout(30_000);

describe('control interface with two hosts on one lattice', () => {
  let server: NatsServer;
  let nc: NatsConnection;
  const hosts: LatticeHost[] = [];
  const ctls: ControlServer[] = [];
  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    const seed = KeyPair.create('cluster').seed;
    for (let i = 0; i < 2; i++) {
      const h = await LatticeHost.start({ natsUrl: server.url, lattice: 'two', clusterSeed: seed, log: () => undefined });
      hosts.push(h);
      ctls.push(ControlServer.start(h, { log: () => undefined }));
      // The control subscriptions must reach the server before the first request (as `up` does).
      await h.nats.flush();
    }
  });
  afterAll(async () => {
    for (const c of ctls) await c.close();
    for (const h of hosts) await h.close();
    await nc?.close();
    await server?.stop();
  });

  /** Every answer to one request within 400 ms. */
  async function answers(subject: string): Promise<unknown[]> {
    const inbox = `_INBOX.two${Date.now()}`;
    const got: unknown[] = [];
    const sub = nc.subscribe(inbox, { callback: (_e, m) => void got.push(JSON.parse(new TextDecoder().decode(m.data))) });
    nc.publish(subject, new Uint8Array(0), { reply: inbox });
    await new Promise((r) => setTimeout(r, 400));
    sub.unsubscribe();
    return got;
  }

  it('ping.hosts is answered by every host; get.claims and get.links by one (queue group wasmbus.ctl.<lattice>)', async () => {
    expect((await getHosts({ nats: nc, lattice: 'two' })).map((h) => h.id)).toEqual(hosts.map((h) => h.hostId).sort());
    expect(await answers('wasmbus.ctl.two.get.claims')).toHaveLength(1);
    expect(await answers('wasmbus.ctl.two.get.links')).toHaveLength(1);
    expect(await answers('wasmbus.ctl.two.ping.hosts')).toHaveLength(2);
  });

  it('get.<host>.inv and cmd.<host>.* reach only the named host', async () => {
    for (const h of hosts) expect((await getInventory({ nats: nc, lattice: 'two' }, h.hostId)).host_id).toBe(h.hostId);
    expect(await answers(`wasmbus.ctl.two.get.${hosts[1].hostId}.inv`)).toHaveLength(1);
  });
});
