import { connect, NatsConnection } from '@nats-io/transport-node';
import { Objm } from '@nats-io/obj';
import { jetstream } from '@nats-io/jetstream';
import { decode, encode } from '@msgpack/msgpack';
import { createHash } from 'node:crypto';
import { KeyPair, validateToken, decodeJwt } from '@nx-wasmcloud/wascap';
import { CallTimeoutError, GuestError, RPC_TIMEOUT_ERROR } from '../errors';
import { hostCallPayload, rustActorModule, sign, watActorModule } from '../test-support/fixtures';
import { FAMILIES } from '../test-support/wat-actor';
import { INVOCATION_ERRORS } from './anti-forgery';
import { linkdefId } from './lattice-cache';
import { LatticeHost } from './lattice-host';
import { NatsServer, startNatsServer } from './nats-server';
import { latticeCall } from './rpc-client';
import { rawInvocation, rawResponse } from './test-support/raw-client';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

describe('LatticeHost on a real nats-server', () => {
  let server: NatsServer;
  let nc: NatsConnection;
  let host: LatticeHost;
  const cluster = KeyPair.create('cluster');
  let echo: string;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    host = await LatticeHost.start({ natsUrl: server.hostPort, lattice: 'spec', clusterSeed: cluster.seed, log: () => undefined });
    const actor = await sign(watActorModule(FAMILIES['wasmbus-0.7']), { name: 'echo', caps: ['wasmcloud:keyvalue'] });
    echo = (await host.startActor(actor.bytes)).publicKey;
  });
  afterAll(async () => {
    await host?.close();
    await nc?.close();
    await server?.stop();
  });

  const send = async (bytes: Uint8Array) => rawResponse((await nc.request(`wasmbus.rpc.spec.${echo}`, bytes, { timeout: 5000 })).data);

  it('bad options are one line each', async () => {
    await expect(LatticeHost.start({ natsUrl: server.url, clusterSeed: KeyPair.create('account').seed })).rejects.toThrow(
      /^cluster seed: expected a cluster seed, got an account seed$/,
    );
    await expect(LatticeHost.start({ natsUrl: server.url, clusterIssuers: ['CNOTAKEY'] })).rejects.toThrow(
      'cluster issuer CNOTAKEY: expected a cluster public key (C…, 56 characters)',
    );
    await expect(LatticeHost.start({ natsUrl: '' })).rejects.toThrow(/^natsUrl is required/);
    await expect(LatticeHost.start({ natsUrl: server.url, timeoutMs: -1 })).rejects.toThrow('timeoutMs must be a positive number, got -1');
  });
  it('the cluster seed is kept out of inspection and JSON', () => {
    expect(host.clusterSeed).toBe(cluster.seed);
    expect(host.clusterIssuer).toBe(cluster.publicKey);
    expect(host.hostId).toMatch(/^N[A-Z2-7]{55}$/);
    expect(require('node:util').inspect(host, { depth: 4 })).not.toContain(cluster.seed);
    expect(JSON.stringify({ ...host, nats: undefined, host: undefined })).not.toContain(cluster.seed);
  });
  it('a raw client invokes the actor on wasmbus.rpc.<lattice>.<key> and gets its reply', async () => {
    const { bytes, id } = await rawInvocation({ cluster, actor: echo, operation: 'Echo.Echo', msg: enc('héllo') });
    const r = await send(bytes);
    expect(r.error).toBeUndefined();
    expect(dec(r.msg)).toBe('héllo');
    expect(r.invocation_id).toBe(id);
    expect(r.content_length).toBe(enc('héllo').length);
  });
  it("the actor's own error comes back in InvocationResponse.error", async () => {
    const r = await send((await rawInvocation({ cluster, actor: echo, operation: 'Fail.Fail', msg: enc('x') })).bytes);
    expect(r.error).toBe('échec: boom ✗');
    expect(r.msg.length).toBe(0);
  });
  it('forged invocations are refused, each with its own error', async () => {
    const bad = await send((await rawInvocation({ cluster, actor: echo, operation: 'Echo.Echo', msg: enc('a'), hashOverride: 'AB'.repeat(32) })).bytes);
    expect(bad.error).toMatch(/^Invocation hash does not match signed claims hash \(ABAB/);
    const stranger = await send((await rawInvocation({ cluster: KeyPair.create('cluster'), actor: echo, operation: 'Echo.Echo', msg: enc('a') })).bytes);
    expect(stranger.error).toBe('Issuer of this invocation is not among the list of valid issuers');
    const other = KeyPair.create('module').publicKey;
    const wrongTarget = await send(
      (await rawInvocation({ cluster, actor: echo, operation: 'Echo.Echo', msg: enc('a'), claimTarget: `wasmbus://${other}/Echo.Echo` })).bytes,
    );
    expect(wrongTarget.error).toBe('Invocation claims and invocation target URL do not match');
    const expired = await send(
      (await rawInvocation({ cluster, actor: echo, operation: 'Echo.Echo', msg: enc('a'), exp: Math.floor(Date.now() / 1000) - 60 })).bytes,
    );
    expect(expired.error).toBe(INVOCATION_ERRORS.expired);
    const notHost = await send((await rawInvocation({ cluster, actor: echo, operation: 'Echo.Echo', msg: enc('a'), hostId: 'nobody' })).bytes);
    expect(notHost.error).toBe("Invalid host ID on invocation: 'nobody'");
  });
  it('a provider origin needs the target actor to claim its contract (otp actor_module.ex)', async () => {
    const provider = KeyPair.create('service').publicKey;
    const origin = (contract_id: string) => ({ public_key: provider, link_name: 'default', contract_id });
    const ok = await send((await rawInvocation({ cluster, actor: echo, operation: 'Echo.Echo', msg: enc('p'), origin: origin('wasmcloud:keyvalue') })).bytes);
    expect(dec(ok.msg)).toBe('p');
    const refused = await send(
      (await rawInvocation({ cluster, actor: echo, operation: 'Echo.Echo', msg: enc('p'), origin: origin('wasmcloud:messaging') })).bytes,
    );
    expect(refused.error).toBe('Actor is missing the capability claim for "Echo.Echo"');
  });
  it('malformed invocations get an error reply and the host keeps serving', async () => {
    const notMsgpack = await send(enc('{"operation": "Echo.Echo"}'));
    expect(notMsgpack.error).toBe('Failed to deserialize msgpack invocation');
    const wrongShape = await send(encode({ origin: 'M', target: 7 }));
    expect(wrongShape.error).toBe('Failed to deserialize invocation');
    const huge = await send((await rawInvocation({ cluster, actor: echo, operation: 'Echo.Echo', msg: enc('a'), contentLength: 2n ** 62n })).bytes);
    expect(huge.error).toMatch(/^Invocation content_length \d+ exceeds this host's limit of 1048576 bytes$/);
    // Within the limit but larger than msg: the host looks in the object store, finds nothing, says so.
    const missing = await send((await rawInvocation({ cluster, actor: echo, operation: 'Echo.Echo', msg: enc('a'), contentLength: 1000 })).bytes);
    expect(missing.error).toMatch(/object not found/);
    const after = await send((await rawInvocation({ cluster, actor: echo, operation: 'Echo.Echo', msg: enc('still here') })).bytes);
    expect(dec(after.msg)).toBe('still here');
  });
  it('latticeCall sends what wash call 0.24 sends and returns the reply', async () => {
    const seen: Uint8Array[] = [];
    const spy = nc.subscribe(`wasmbus.rpc.spec.${echo}`, { callback: (_e, m) => seen.push(m.data), max: 1 });
    const reply = await latticeCall({
      nats: server.url,
      lattice: 'spec',
      clusterSeed: cluster.seed,
      actorKey: echo,
      operation: 'Echo.Echo',
      payload: enc('wash'),
    });
    expect(dec(reply)).toBe('wash');
    await nc.flush();
    spy.unsubscribe();
    const inv = decode(seen[0]) as Record<string, any>;
    expect(inv.origin).toEqual({ public_key: echo, link_name: '', contract_id: '' });
    expect(inv.target).toEqual(inv.origin);
    expect(inv.host_id).toBe('NAWASHVALZUZPZNXPIF6HGQ4OMJYLXQ4B2WZZ5AMBCXKWEQPYXDOIWMA');
    expect(inv.content_length).toBe(4);
    const claims = decodeJwt(inv.encoded_claims).claims;
    expect(claims.iss).toBe(cluster.publicKey);
    expect(validateToken(inv.encoded_claims).signatureValid).toBe(true);
  });
  it('latticeCall: an actor nobody runs is a request timeout; an actor error is the GuestError', async () => {
    const nobody = KeyPair.create('module').publicKey;
    const call = latticeCall({
      nats: nc,
      lattice: 'spec',
      clusterSeed: cluster.seed,
      actorKey: nobody,
      operation: 'Echo.Echo',
      payload: enc('x'),
      timeoutMs: 300,
    });
    await expect(call).rejects.toThrow(CallTimeoutError);
    await expect(
      latticeCall({ nats: nc, lattice: 'spec', clusterSeed: cluster.seed, actorKey: nobody, operation: 'Echo.Echo', payload: enc('x'), timeoutMs: 300 }),
    ).rejects.toThrow(RPC_TIMEOUT_ERROR);
    await expect(
      latticeCall({ nats: nc, lattice: 'spec', clusterSeed: cluster.seed, actorKey: echo, operation: 'Fail.Fail', payload: enc('x') }),
    ).rejects.toThrow(new GuestError('échec: boom ✗'));
  });
  it('a payload over 900 KiB goes through the object store named after the lattice, both ways', async () => {
    const rust = await sign(rustActorModule(), { name: 'rust-echo' });
    const key = (await host.startActor(rust.bytes)).publicKey;
    const payload = new Uint8Array(950 * 1024).map((_, i) => (i * 7) % 251);
    const seen: Uint8Array[] = [];
    const spy = nc.subscribe(`wasmbus.rpc.spec.${key}`, { callback: (_e, m) => seen.push(m.data), max: 1 });
    const reply = await latticeCall({ nats: nc, lattice: 'spec', clusterSeed: cluster.seed, actorKey: key, operation: 'Echo.Echo', payload, timeoutMs: 5000 });
    spy.unsubscribe();
    expect(createHash('sha256').update(reply).digest('hex')).toBe(createHash('sha256').update(payload).digest('hex'));
    const inv = decode(seen[0]) as Record<string, any>;
    expect(inv.msg.length).toBe(0);
    expect(inv.content_length).toBe(payload.length);
    const store = await new Objm(nc).open('spec');
    const left: string[] = [];
    for await (const o of await store.list()) left.push(o.name);
    expect(left).toEqual([]);
    await host.stopActor(key);
  });
  it('link definitions: linkdefs.put to the provider, and the actor’s calls arrive there signed with the cluster seed', async () => {
    const provider = KeyPair.create('service').publicKey;
    const puts: unknown[] = [];
    const calls: Record<string, any>[] = [];
    const subs = [
      nc.subscribe(`wasmbus.rpc.spec.${provider}.default.linkdefs.put`, { callback: (_e, m) => puts.push(decode(m.data)) }),
      nc.subscribe(`wasmbus.rpc.spec.${provider}.default`, {
        callback: (_e, m) => {
          const inv = decode(m.data) as Record<string, any>;
          calls.push(inv);
          const error = inv.operation === 'KeyValue.Fail' ? { error: 'provider says no' } : {};
          m.respond(encode({ msg: enc(`got ${dec(inv.msg)}`), invocation_id: inv.id, ...error, content_length: 4 + inv.msg.length }));
        },
      }),
    ];
    await nc.flush();
    await host.putLink({ actor_id: echo, provider_id: provider, link_name: 'default', contract_id: 'wasmcloud:keyvalue', values: { A: 'b' } });
    await nc.flush();
    const reply = await latticeCall({
      nats: nc,
      lattice: 'spec',
      clusterSeed: cluster.seed,
      actorKey: echo,
      operation: 'Host.Call',
      payload: hostCallPayload('default', 'wasmcloud:keyvalue', 'KeyValue.Get', enc('k')),
    });
    expect(dec(reply)).toBe('got k');
    await expect(
      latticeCall({
        nats: nc,
        lattice: 'spec',
        clusterSeed: cluster.seed,
        actorKey: echo,
        operation: 'Host.Call',
        payload: hostCallPayload('default', 'wasmcloud:keyvalue', 'KeyValue.Fail', enc('k')),
      }),
    ).rejects.toThrow('Host error: provider says no');
    expect(puts).toEqual([{ actor_id: echo, provider_id: provider, link_name: 'default', contract_id: 'wasmcloud:keyvalue', values: { A: 'b' } }]);
    const inv = calls[0];
    expect(inv.origin).toEqual({ public_key: echo, link_name: '', contract_id: '' });
    expect(inv.target).toEqual({ public_key: provider, link_name: 'default', contract_id: 'wasmcloud:keyvalue' });
    expect(inv.host_id).toBe(host.hostId);
    const { claims } = decodeJwt(inv.encoded_claims);
    expect(claims.iss).toBe(cluster.publicKey);
    const target = `wasmbus://wasmcloud/keyvalue/default/${provider}/KeyValue.Get`;
    const hash = createHash('sha256').update(`wasmbus://${echo}${target}KeyValue.Get`).update(inv.msg).digest('hex').toUpperCase();
    expect(claims.wascap).toEqual({ target_url: target, origin_url: `wasmbus://${echo}`, hash });
    const dels: unknown[] = [];
    subs.push(nc.subscribe(`wasmbus.rpc.spec.${provider}.default.linkdefs.del`, { callback: (_e, m) => dels.push(decode(m.data)) }));
    await nc.flush();
    await host.deleteLink(echo, 'wasmcloud:keyvalue');
    await nc.flush();
    expect(dels).toHaveLength(1);
    expect(host.links()).toEqual([]);
    for (const s of subs) s.unsubscribe();
  });
  it('an actor-to-actor call to an actor on another host of the lattice goes over NATS', async () => {
    const other = await LatticeHost.start({ natsUrl: server.url, lattice: 'spec', clusterSeed: cluster.seed, log: () => undefined });
    try {
      const target = await sign(watActorModule(FAMILIES.wapc), { name: 'remote' });
      const key = (await other.startActor(target.bytes)).publicKey;
      const reply = await latticeCall({
        nats: nc,
        lattice: 'spec',
        clusterSeed: cluster.seed,
        actorKey: echo,
        operation: 'Host.Call',
        payload: hostCallPayload('', key, 'Echo.Echo', enc('far away')),
      });
      expect(dec(reply)).toBe('far away');
    } finally {
      await other.close();
    }
  });
});

describe('LatticeHost link definitions across hosts (real nats-server)', () => {
  let server: NatsServer;
  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('putLink on one host is applied by the others; a later put of the same link wins everywhere; deleteLink removes it everywhere', async () => {
    const cluster = KeyPair.create('cluster');
    const a = await LatticeHost.start({ natsUrl: server.url, lattice: 'shared', clusterSeed: cluster.seed, log: () => undefined });
    const b = await LatticeHost.start({ natsUrl: server.url, lattice: 'shared', clusterSeed: cluster.seed, log: () => undefined });
    try {
      const actor = KeyPair.create('module').publicKey;
      const p1 = KeyPair.create('service').publicKey;
      const p2 = KeyPair.create('service').publicKey;
      const ld = { actor_id: actor, provider_id: p1, link_name: 'default', contract_id: 'wasmcloud:keyvalue', values: { V: '1' } };
      await a.putLink(ld);
      // Both hosts put the same link (same actor, contract, link name) to different providers: the
      // one the bucket got last is what both hosts end with.
      await Promise.all([a.putLink({ ...ld, provider_id: p2, values: { V: '2' } }), b.putLink({ ...ld, values: { V: '3' } })]);
      const deadline = Date.now() + 5000;
      while (JSON.stringify(a.links()) !== JSON.stringify(b.links()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      // Whatever else is still on its way changes nothing.
      await new Promise((r) => setTimeout(r, 300));
      expect(a.links()).toHaveLength(1);
      expect(b.links()).toEqual(a.links());
      expect(['2', '3']).toContain(a.links()[0].values.V);
      await b.deleteLink(actor, 'wasmcloud:keyvalue');
      while (a.links().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(a.links()).toEqual([]);
      expect(b.links()).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('removeLink of a link written to the bucket a moment ago removes it everywhere, applied here yet or not; of a missing link: false', async () => {
    const cluster = KeyPair.create('cluster');
    const a = await LatticeHost.start({ natsUrl: server.url, lattice: 'lag', clusterSeed: cluster.seed, log: () => undefined });
    const b = await LatticeHost.start({ natsUrl: server.url, lattice: 'lag', clusterSeed: cluster.seed, log: () => undefined });
    const nc = await connect({ servers: server.url });
    try {
      const js = jetstream(nc);
      const provider = KeyPair.create('service').publicKey;
      for (let i = 0; i < 5; i++) {
        const actor = KeyPair.create('module').publicKey;
        const ld = { actor_id: actor, provider_id: provider, link_name: 'default', contract_id: 'wasmcloud:keyvalue', values: {} };
        // As a put answered by another host: in the bucket, maybe not yet seen by b's watch.
        await js.publish(`$KV.LATTICEDATA_lag.LINKDEF_${linkdefId(actor, ld.contract_id, 'default')}`, JSON.stringify(ld));
        expect(await b.removeLink(actor, 'wasmcloud:keyvalue')).toBe(true);
        const end = Date.now() + 5000;
        while ((a.links().length > 0 || b.links().length > 0) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 50));
        expect(a.links()).toEqual([]);
        expect(b.links()).toEqual([]);
      }
      expect(await b.removeLink(KeyPair.create('module').publicKey, 'wasmcloud:keyvalue')).toBe(false);
    } finally {
      await nc.close();
      await a.close();
      await b.close();
    }
  });

  it('on a NATS server without JetStream: one warning, and links stay in the host', async () => {
    const plain = await startNatsServer({ jetstream: false });
    const lines: string[] = [];
    const h = await LatticeHost.start({ natsUrl: plain.url, lattice: 'nojs', log: (e) => lines.push(`${e.level} ${e.actor}: ${e.text}`) });
    try {
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^warn lattice: link definitions are kept in this host only: JetStream is not available on this NATS server/);
      const ld = {
        actor_id: KeyPair.create('module').publicKey,
        provider_id: KeyPair.create('service').publicKey,
        link_name: 'default',
        contract_id: 'c:x',
        values: {},
      };
      await h.putLink(ld);
      expect(h.links()).toEqual([ld]);
      await h.deleteLink(ld.actor_id, 'c:x');
      expect(h.links()).toEqual([]);
    } finally {
      await h.close();
      await plain.stop();
    }
  });
});
