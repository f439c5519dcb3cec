import { decode, encode } from '@msgpack/msgpack';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, Msg, NatsConnection } from '@nats-io/transport-node';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { hostCallPayload, sign, watActorModule } from '../test-support/fixtures';
import { FAMILIES } from '../test-support/wat-actor';
import { linkdefId } from '../lattice/lattice-cache';
import { LatticeHost } from '../lattice/lattice-host';
import { NatsServer, startNatsServer } from '../lattice/nats-server';
import { latticeCall } from '../lattice/rpc-client';
import { deleteLink, getLinks, putLink } from './control-client';
import { ControlServer } from './control-server';

jest.setTimeout(60_000);

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const KV = 'wasmcloud:keyvalue';
const L = 'links';

async function until(what: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Link definitions are lattice-wide, as in wasmcloud-otp: the one host that answers
 * `wasmbus.ctl.<lattice>.linkdefs.put` (queue group) writes the JetStream bucket LATTICEDATA_<lattice>,
 * every host applies what is there and what changes.
 */
describe('link definitions shared by the hosts of a lattice (real nats-server)', () => {
  let server: NatsServer;
  let nc: NatsConnection;
  const cluster = KeyPair.create('cluster');
  const provider = KeyPair.create('service').publicKey;
  const hosts: LatticeHost[] = [];
  const ctls: ControlServer[] = [];
  const puts: Record<string, unknown>[] = [];
  const dels: Record<string, unknown>[] = [];
  const providerCalls: string[] = [];
  const o = () => ({ nats: nc, lattice: L });

  const startHost = async (withControl = true) => {
    const h = await LatticeHost.start({ natsUrl: server.url, lattice: L, clusterSeed: cluster.seed, log: () => undefined });
    hosts.push(h);
    if (withControl) ctls.push(ControlServer.start(h, { log: () => undefined }));
    await h.nats.flush();
    return h;
  };
  const actor = async (name: string) => sign(watActorModule(FAMILIES['wasmbus-0.7']), { name, caps: [KV] });
  const callProvider = (actorKey: string, key: string) =>
    latticeCall({
      nats: nc,
      lattice: L,
      clusterSeed: cluster.seed,
      actorKey,
      operation: 'Host.Call',
      payload: hostCallPayload('default', KV, 'KeyValue.Get', enc(key)),
    });

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    // The provider double: answers invocations on its subject, records the link definitions it is sent.
    nc.subscribe(`wasmbus.rpc.${L}.${provider}.default`, {
      callback: (_e, m: Msg) => {
        const inv = decode(m.data) as { id: string; msg: Uint8Array };
        providerCalls.push(dec(inv.msg));
        m.respond(encode({ msg: enc(`kv:${dec(inv.msg)}`), invocation_id: inv.id, content_length: 3 + inv.msg.length }));
      },
    });
    nc.subscribe(`wasmbus.rpc.${L}.${provider}.default.linkdefs.put`, { callback: (_e, m) => void puts.push(decode(m.data) as Record<string, unknown>) });
    nc.subscribe(`wasmbus.rpc.${L}.${provider}.default.linkdefs.del`, { callback: (_e, m) => void dels.push(decode(m.data) as Record<string, unknown>) });
    await nc.flush();
    await startHost();
    await startHost();
  });
  afterAll(async () => {
    for (const c of ctls) await c.close();
    for (const h of hosts) await h.close();
    await nc?.close();
    await server?.stop();
  });

  it('ctl link put answered by host A: the actor running only on host B reaches the provider; ctl link del removes it on both', async () => {
    const [a, b] = hosts;
    const onB = await actor('on-b');
    await b.startActor(onB.bytes);
    // Only A's control interface is up, so A (not B, where the actor runs) answers the put.
    await ctls[1].close();
    await putLink(o(), { actorId: onB.publicKey, providerId: provider, contractId: KV, values: { URL: 'redis://x' } });
    ctls[1] = ControlServer.start(b, { log: () => undefined });
    await b.nats.flush();

    const ld = { actor_id: onB.publicKey, provider_id: provider, link_name: 'default', contract_id: KV, values: { URL: 'redis://x' } };
    expect(a.links()).toEqual([ld]);
    // B applies it when the bucket's change reaches it (milliseconds).
    await until(() => b.links().length === 1);
    expect(b.links()).toEqual([ld]);
    expect(dec(await callProvider(onB.publicKey, 'k1'))).toBe('kv:k1');
    expect(providerCalls).toEqual(['k1']);
    await nc.flush();
    // Announced to the provider once, by the host that answered.
    expect(puts).toEqual([ld]);
    expect(await getLinks(o())).toEqual([ld]);

    await deleteLink(o(), { actorId: onB.publicKey, contractId: KV });
    await until(() => a.links().length === 0 && b.links().length === 0);
    await expect(callProvider(onB.publicKey, 'k2')).rejects.toThrow(`Call alias not found: ${KV} on ${L}`);
    await nc.flush();
    expect(dels).toHaveLength(1);
    expect(await getLinks(o())).toEqual([]);
    await b.stopActor(onB.publicKey);
  });

  it('linkdefs.put is answered by one host; ctl get links lists the link once', async () => {
    const someActor = KeyPair.create('module').publicKey;
    const inbox = `_INBOX.links${Date.now()}`;
    const answers: unknown[] = [];
    const sub = nc.subscribe(inbox, { callback: (_e, m) => void answers.push(JSON.parse(dec(m.data))) });
    const body = { actor_id: someActor, provider_id: provider, link_name: 'default', contract_id: KV, values: {} };
    nc.publish(`wasmbus.ctl.${L}.linkdefs.put`, enc(JSON.stringify(body)), { reply: inbox });
    await new Promise((r) => setTimeout(r, 500));
    sub.unsubscribe();
    expect(answers).toEqual([{ accepted: true, error: '' }]);
    await until(() => hosts.every((h) => h.links().length === 1));
    expect(await getLinks(o())).toEqual([body]);
  });

  it('as otp: a put of an identical link is accepted and announced again; a delete of a link nobody has is accepted and changes nothing', async () => {
    const someActor = KeyPair.create('module').publicKey;
    const ask = async (op: 'put' | 'del', body: unknown) =>
      dec((await nc.request(`wasmbus.ctl.${L}.linkdefs.${op}`, enc(JSON.stringify(body)), { timeout: 3000 })).data);
    const events: { type: string; data: Record<string, unknown> }[] = [];
    const evSub = nc.subscribe(`wasmbus.evt.${L}`, { callback: (_e, m) => void events.push(JSON.parse(dec(m.data))) });
    await nc.flush();
    const putsBefore = puts.length;
    const ld = { actor_id: someActor, provider_id: provider, link_name: 'default', contract_id: KV, values: { A: '1' } };
    // otp's success_ack, byte for byte (control_interface/lattice_server.ex).
    expect(await ask('put', ld)).toBe('{"accepted":true,"error":""}');
    expect(await ask('put', ld)).toBe('{"accepted":true,"error":""}');
    await until(() => hosts.every((h) => h.links().filter((l) => l.actor_id === someActor).length === 1));
    expect((await getLinks(o())).filter((l) => l.actor_id === someActor)).toEqual([ld]);
    // Each put is told to the provider and announced (otp's put_link_definition does both every time).
    await until(() => puts.length - putsBefore === 2);
    expect(puts.slice(putsBefore)).toEqual([ld, ld]);
    await until(() => events.filter((e) => e.type.endsWith('linkdef_set') && e.data.actor_id === someActor).length === 2);

    const jsm = await jetstreamManager(nc);
    const seqBefore = (await jsm.streams.info(`KV_LATTICEDATA_${L}`)).state.last_seq;
    const delsBefore = dels.length;
    const nobody = { actor_id: KeyPair.create('module').publicKey, provider_id: '', link_name: 'default', contract_id: KV, values: {} };
    expect(await ask('del', nobody)).toBe('{"accepted":true,"error":""}');
    // The classic client's call resolves too (control-interface-client remove_link: the ack or a KV delete).
    await expect(deleteLink(o(), { actorId: nobody.actor_id, contractId: KV })).resolves.toBeUndefined();
    await new Promise((r) => setTimeout(r, 300));
    await nc.flush();
    expect((await jsm.streams.info(`KV_LATTICEDATA_${L}`)).state.last_seq).toBe(seqBefore);
    expect(dels).toHaveLength(delsBefore);
    expect(events.filter((e) => e.type.endsWith('linkdef_deleted'))).toEqual([]);
    expect((await getLinks(o())).filter((l) => l.actor_id === someActor)).toEqual([ld]);
    evSub.unsubscribe();
  });

  it('a host started later has the existing links when start resolves, and its actor uses them', async () => {
    const late = await actor('late');
    await putLink(o(), { actorId: late.publicKey, providerId: provider, contractId: KV });
    const c = await startHost(false);
    expect(c.links().map((l) => l.actor_id)).toContain(late.publicKey);
    await c.startActor(late.bytes);
    expect(dec(await callProvider(late.publicKey, 'k3'))).toBe('kv:k3');
    expect((await getLinks(o())).filter((l) => l.actor_id === late.publicKey)).toHaveLength(1);
  });

  it('a link a control client writes straight into the bucket (control-interface-client kv module) is applied and announced', async () => {
    const direct = await actor('direct');
    await hosts[0].startActor(direct.bytes);
    const before = puts.length;
    const id = linkdefId(direct.publicKey, KV, 'default');
    // The Rust client's value: its LinkDefinition as JSON, without an id.
    const value = { actor_id: direct.publicKey, provider_id: provider, link_name: 'default', contract_id: KV, values: {} };
    await jetstream(nc).publish(`$KV.LATTICEDATA_${L}.LINKDEF_${id}`, JSON.stringify(value));
    await until(() => hosts.every((h) => h.links().some((l) => l.actor_id === direct.publicKey)));
    expect(dec(await callProvider(direct.publicKey, 'k4'))).toBe('kv:k4');
    // As otp's cache loader does, each host passes it on to the provider (which ignores repeats).
    await until(() => puts.length - before === hosts.length);
    expect(puts.slice(before).every((p) => p.actor_id === direct.publicKey)).toBe(true);
  });
});
