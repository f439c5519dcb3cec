import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { LocalRegistry, pushArtifact, startLocalRegistry } from '@nx-wasmcloud/oci';
import { LatticeHost } from '../lattice/lattice-host';
import { NatsServer, startNatsServer } from '../lattice/nats-server';
import { latticeCall } from '../lattice/rpc-client';
import { sign, watActorModule } from '../test-support/fixtures';
import { FAMILIES } from '../test-support/wat-actor';
import {
  deleteLink,
  getClaims,
  getHosts,
  getInventory,
  getLinks,
  putLink,
  startActor,
  startProvider,
  stopActor,
  stopProvider,
  updateActor,
} from './control-client';
import { ControlServer } from './control-server';

jest.setTimeout(60_000);
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

describe('control interface on a real nats-server (wasmcloud-control-interface subjects and JSON)', () => {
  let server: NatsServer;
  let registry: LocalRegistry;
  let nc: NatsConnection;
  let host: LatticeHost;
  let ctl: ControlServer;
  let dir: string;
  let ref: string;
  let actorKey: string;
  const events: Record<string, any>[] = [];
  const cluster = KeyPair.create('cluster');
  // One module key for v1 and v2: an update keeps the key.
  const subject = KeyPair.create('module');
  const o = () => ({ nats: nc, lattice: 'ctl' });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'host-ctl-'));
    [server, registry] = await Promise.all([startNatsServer(), startLocalRegistry()]);
    const v1 = await sign(watActorModule({ ...FAMILIES['wasmbus-0.7'], testReply: enc('v1') }), { name: 'ctl-echo', subject, caps: ['wasmcloud:keyvalue'] });
    actorKey = v1.publicKey;
    writeFileSync(join(dir, 'v1.wasm'), v1.bytes);
    ref = `${registry.url}/ctl/echo:0.1.0`;
    await pushArtifact({ reference: ref, file: join(dir, 'v1.wasm'), insecure: true, digestCache: false });
    nc = await connect({ servers: server.url });
    nc.subscribe('wasmbus.evt.ctl', { callback: (_e, m) => void events.push(JSON.parse(dec(m.data))) });
    host = await LatticeHost.start({
      natsUrl: server.hostPort,
      lattice: 'ctl',
      clusterSeed: cluster.seed,
      ociAllowedInsecure: [registry.url],
      ociCacheDir: join(dir, 'cache'),
      labels: { team: 'a' },
      log: () => undefined,
    });
    ctl = ControlServer.start(host, { ociCacheDir: join(dir, 'cache'), log: () => undefined });
  });
  afterAll(async () => {
    await ctl?.close();
    await host?.close();
    await nc?.close();
    await Promise.all([server?.stop(), registry?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('ping.hosts: the host answers with its id, issuer, lattice and labels', async () => {
    const hosts = await getHosts(o());
    expect(hosts).toHaveLength(1);
    expect(hosts[0]).toMatchObject({ id: host.hostId, issuer: cluster.publicKey, lattice_prefix: 'ctl', cluster_issuers: cluster.publicKey });
    expect(hosts[0].labels).toMatchObject({ team: 'a', 'hostcore.os': process.platform });
    expect(hosts[0].uptime_seconds).toBeGreaterThanOrEqual(0);
  });

  it('start actor from a registry reference: acked, actor_started event, in the inventory and claims, answers calls', async () => {
    const started = await startActor(o(), { ref });
    expect(started).toEqual({ hostId: host.hostId, actorId: actorKey });
    const ev = events.find((e) => e.type === 'com.wasmcloud.lattice.actor_started');
    expect(ev).toMatchObject({ specversion: '1.0', source: host.hostId, datacontenttype: 'application/json', data: { public_key: actorKey, image_ref: ref } });
    expect(ev!.data.claims).toMatchObject({ name: 'ctl-echo', caps: ['wasmcloud:keyvalue'] });
    const inv = await getInventory(o());
    expect(inv.host_id).toBe(host.hostId);
    expect(inv.actors).toEqual([
      {
        id: actorKey,
        name: 'ctl-echo',
        image_ref: ref,
        instances: [expect.objectContaining({ revision: 0, image_ref: ref, instance_id: expect.stringMatching(/^[0-9a-f-]{36}$/) })],
      },
    ]);
    const claims = await getClaims(o());
    expect(claims).toEqual([expect.objectContaining({ sub: actorKey, name: 'ctl-echo', caps: 'wasmcloud:keyvalue', rev: '0' })]);
    for (const v of Object.values(claims[0])) expect(typeof v).toBe('string');
    const reply = await latticeCall({ nats: nc, lattice: 'ctl', clusterSeed: cluster.seed, actorKey, operation: 'Testing.Start', payload: new Uint8Array(0) });
    expect(dec(reply)).toBe('v1');
  });

  it('start of an actor already running: actor_start_failed, reported by the client in one line', async () => {
    await expect(startActor(o(), { ref })).rejects.toThrow(/^start actor .*: .* is already running: use updateActor$/);
  });

  it('update actor: the same tag pushed again runs the new bytes (the cached copy is drained)', async () => {
    const v2 = await sign(watActorModule({ ...FAMILIES['wasmbus-0.7'], testReply: enc('v2') }), { name: 'ctl-echo', subject });
    writeFileSync(join(dir, 'v2.wasm'), v2.bytes);
    await pushArtifact({ reference: ref, file: join(dir, 'v2.wasm'), insecure: true, digestCache: false });
    await updateActor(o(), { actorId: actorKey, ref });
    const reply = await latticeCall({ nats: nc, lattice: 'ctl', clusterSeed: cluster.seed, actorKey, operation: 'Testing.Start', payload: new Uint8Array(0) });
    expect(dec(reply)).toBe('v2');
    await expect(updateActor(o(), { actorId: KeyPair.create('module').publicKey, ref, hostId: host.hostId })).rejects.toThrow(
      /^update actor M.*: Unable to perform live update: actor M.* is not running on host N/,
    );
  });

  it('link put / get links / link del, with linkdef_set and linkdef_deleted events', async () => {
    const provider = KeyPair.create('service').publicKey;
    await putLink(o(), { actorId: actorKey, providerId: provider, contractId: 'wasmcloud:keyvalue', values: { URL: 'redis://x' } });
    expect(await getLinks(o())).toEqual([
      { actor_id: actorKey, provider_id: provider, link_name: 'default', contract_id: 'wasmcloud:keyvalue', values: { URL: 'redis://x' } },
    ]);
    await deleteLink(o(), { actorId: actorKey, contractId: 'wasmcloud:keyvalue' });
    expect(await getLinks(o())).toEqual([]);
    // Deleting a link that is not there is accepted, as otp answers it (lattice_server.ex success_ack),
    // byte for byte, and announces nothing.
    const del = JSON.stringify({ actor_id: actorKey, provider_id: '', link_name: 'default', contract_id: 'wasmcloud:keyvalue', values: {} });
    expect(dec((await nc.request('wasmbus.ctl.ctl.linkdefs.del', enc(del), { timeout: 3000 })).data)).toBe('{"accepted":true,"error":""}');
    await expect(deleteLink(o(), { actorId: actorKey, contractId: 'wasmcloud:keyvalue' })).resolves.toBeUndefined();
    await new Promise((r) => setTimeout(r, 100));
    expect(events.filter((e) => /linkdef_(set|deleted)$/.test(e.type)).map((e) => [e.type, e.data.provider_id])).toEqual([
      ['com.wasmcloud.lattice.linkdef_set', provider],
      ['com.wasmcloud.lattice.linkdef_deleted', provider],
    ]);
  });

  it('start provider from a reference that does not exist: provider_start_failed in one line; stop of a provider not running: accepted, the client says so', async () => {
    const missing = `${registry.url}/ctl/nothing:0.1.0`;
    await expect(startProvider({ ...o(), timeoutMs: 5000 }, { ref: missing, waitMs: 20000 })).rejects.toThrow(
      new RegExp(`^start provider ${missing.replace(/[.]/g, '\\.')}: `),
    );
    // The host accepts it as otp does (host_server.ex success_ack); the client looks first and says so.
    const absent = KeyPair.create('service').publicKey;
    const body = JSON.stringify({ provider_ref: absent, host_id: host.hostId, link_name: 'default', contract_id: '' });
    expect(dec((await nc.request(`wasmbus.ctl.ctl.cmd.${host.hostId}.sp`, enc(body), { timeout: 3000 })).data)).toBe('{"accepted":true,"error":""}');
    await expect(stopProvider(o(), { providerId: absent, hostId: host.hostId })).rejects.toThrow(
      `provider ${absent} (default) is not running on host ${host.hostId}`,
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(events.filter((e) => e.type === 'com.wasmcloud.lattice.provider_stopped')).toEqual([]);
  });

  it('bad requests get an error ack and the host keeps serving', async () => {
    const ask = async (subject: string, body: string) => JSON.parse(dec((await nc.request(`wasmbus.ctl.ctl.${subject}`, enc(body), { timeout: 3000 })).data));
    const la = `cmd.${host.hostId}.la`;
    expect(await ask(la, 'not json')).toEqual({ accepted: false, error: 'Invalid launch actor request: the body is not JSON' });
    expect(await ask(la, '[1]')).toEqual({ accepted: false, error: 'Invalid launch actor request: expected a JSON object' });
    expect(await ask(la, JSON.stringify({ actor_ref: ref, colour: 'red' }))).toEqual({
      accepted: false,
      error: 'Invalid launch actor request: unknown field "colour" (expected actor_ref, host_id, count, annotations)',
    });
    expect(await ask(la, JSON.stringify({ count: 1 }))).toEqual({ accepted: false, error: 'Invalid launch actor request: missing actor_ref' });
    expect(await ask(la, JSON.stringify({ actor_ref: '/etc/passwd' }))).toEqual({
      accepted: false,
      error: 'Invalid launch actor request: "/etc/passwd" is not an OCI reference (registry/repository:tag or @digest)',
    });
    expect(await ask(la, JSON.stringify({ actor_ref: ref, count: -1 }))).toEqual({
      accepted: false,
      error: 'Invalid launch actor request: count must be a non-negative integer',
    });
    expect(await ask('linkdefs.put', JSON.stringify({ actor_id: actorKey, contract_id: 'x' }))).toEqual({
      accepted: false,
      error: 'Invalid link definition put request: missing provider_id',
    });
    expect(await ask('linkdefs.put', JSON.stringify({ actor_id: 'nope', provider_id: 'V', contract_id: 'x', values: {} }))).toEqual({
      accepted: false,
      error: 'link: actor nope is not an actor public key (M…)',
    });
    expect(await ask(`cmd.${host.hostId}.sa`, JSON.stringify({ actor_ref: ref, host_id: 'NOTME' }))).toMatchObject({
      accepted: false,
      error: expect.stringMatching(/host_id NOTME is not this host/),
    });
    expect(await ask(`cmd.${host.hostId}.zz`, '{}')).toEqual({ accepted: false, error: `Unexpected control command: cmd.${host.hostId}.zz` });
    expect((await getHosts(o())).map((h) => h.id)).toEqual([host.hostId]);
    expect((await getInventory(o(), host.hostId)).actors).toHaveLength(1);
  });

  it('a request for a host that is not there: one line naming the subject', async () => {
    const other = KeyPair.create('server').publicKey;
    await expect(getInventory(o(), other)).rejects.toThrow(
      `no host answers wasmbus.ctl.ctl.get.${other}.inv: is a host running on lattice ctl (nx-wasmcloud up), and is the host id right?`,
    );
  });

  it('stop actor by its key: actor_stopped, gone from the inventory', async () => {
    expect(await stopActor(o(), { actorId: actorKey })).toEqual({ hostId: host.hostId });
    expect((await getInventory(o())).actors).toEqual([]);
    expect(events.some((e) => e.type === 'com.wasmcloud.lattice.actor_stopped' && e.data.public_key === actorKey)).toBe(true);
    await expect(stopActor(o(), { actorId: actorKey })).rejects.toThrow(`actor ${actorKey} is not running on any host of lattice ctl`);
  });

  it("stopActor against a host answering as otp's host_server.ex (which needs actor_ref and count): count 0 is sent, the stop confirmed", async () => {
    // A stand-in for an otp host on the real server: its inventory lists the actor; its `sa` handler
    // checks the fields otp checks (has_values actor_ref, count), acks and publishes actor_stopped.
    const otpHost = KeyPair.create('server').publicKey;
    const actor = KeyPair.create('module').publicKey;
    const bodies: Record<string, unknown>[] = [];
    const subs = [
      nc.subscribe(`wasmbus.ctl.ctl.get.${otpHost}.inv`, {
        callback: (_e, m) =>
          m.respond(enc(JSON.stringify({ host_id: otpHost, issuer: '', labels: {}, actors: [{ id: actor, instances: [] }], providers: [] }))),
      }),
      nc.subscribe(`wasmbus.ctl.ctl.cmd.${otpHost}.sa`, {
        callback: (_e, m) => {
          const cmd = JSON.parse(dec(m.data));
          bodies.push(cmd);
          const valid = cmd.actor_ref != null && cmd.count != null;
          m.respond(enc(JSON.stringify(valid ? { accepted: true, error: '' } : { accepted: false, error: 'Invalid request to stop actor' })));
          if (valid) {
            const ev = {
              specversion: '1.0',
              type: 'com.wasmcloud.lattice.actor_stopped',
              source: otpHost,
              id: 'x',
              time: '',
              datacontenttype: 'application/json',
            };
            nc.publish('wasmbus.evt.ctl', enc(JSON.stringify({ ...ev, data: { public_key: actor, instance_id: 'i' } })));
          }
        },
      }),
    ];
    try {
      await nc.flush();
      expect(await stopActor(o(), { actorId: actor, hostId: otpHost })).toEqual({ hostId: otpHost });
      expect(bodies).toEqual([{ actor_ref: actor, host_id: otpHost, count: 0 }]);
    } finally {
      for (const sub of subs) sub.unsubscribe();
    }
  });

  it('stop of an actor the host does not run: accepted as otp answers it, no actor_stopped; the client says it is not running', async () => {
    const stoppedBefore = events.filter((e) => e.type === 'com.wasmcloud.lattice.actor_stopped').length;
    const body = JSON.stringify({ actor_ref: actorKey, host_id: host.hostId, count: 0 });
    const ack = await nc.request(`wasmbus.ctl.ctl.cmd.${host.hostId}.sa`, enc(body), { timeout: 3000 });
    expect(dec(ack.data)).toBe('{"accepted":true,"error":""}');
    // The client looks in that host's inventory first instead of waiting for an event that never comes.
    const t0 = Date.now();
    await expect(stopActor(o(), { actorId: actorKey, hostId: host.hostId })).rejects.toThrow(`actor ${actorKey} is not running on host ${host.hostId}`);
    expect(Date.now() - t0).toBeLessThan(2000);
    await new Promise((r) => setTimeout(r, 100));
    expect(events.filter((e) => e.type === 'com.wasmcloud.lattice.actor_stopped')).toHaveLength(stoppedBefore);
  });
});
