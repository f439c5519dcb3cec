import { connect, headers, NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { LatticeCache, LatticeCacheUnavailable, LinkChange, linkdefId, parseLinkValue, streamName } from './lattice-cache';
import { NatsServer, startNatsServer } from './nats-server';

jest.setTimeout(30_000);

const enc = (s: string) => new TextEncoder().encode(s);
const until = async (what: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('linkdefId and the bucket value', () => {
  it("is otp's linkdef_hash: HEXUPPER(sha256(actor ‖ contract ‖ link name)), the Rust client's compatibility vector", () => {
    // control-interface-client src/kv/mod.rs test_hash_compatibility, generated there with Elixir.
    expect(linkdefId('Mbob', 'wasmcloud:testy', 'default')).toBe('B40411AD09B70A2C83D59923584F66BA2C5A3C274DC4F19416DA49CCD6531F9C');
  });
  it('reads the JSON value otp and the Rust client write; unusable values are skipped', () => {
    const v = { id: 'x', actor_id: 'MA', provider_id: 'VB', link_name: 'default', contract_id: 'wasmcloud:keyvalue', values: { PORT: '8080', n: 1 } };
    expect(parseLinkValue('ID', enc(JSON.stringify(v)))).toEqual({
      id: 'ID',
      actor_id: 'MA',
      provider_id: 'VB',
      link_name: 'default',
      contract_id: 'wasmcloud:keyvalue',
      values: { PORT: '8080' },
    });
    expect(parseLinkValue('ID', enc('{"actor_id":"MA","provider_id":"VB","contract_id":"c"}'))?.link_name).toBe('default');
    expect(parseLinkValue('ID', enc('not json'))).toBeUndefined();
    expect(parseLinkValue('ID', enc('{"actor_id":"MA"}'))).toBeUndefined();
  });
});

describe('LatticeCache on a real nats-server', () => {
  let server: NatsServer;
  let nc: NatsConnection;
  const open: LatticeCache[] = [];
  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
  });
  afterAll(async () => {
    for (const c of open) await c.close();
    await nc?.close();
    await server?.stop();
  });

  const actor = KeyPair.create('module').publicKey;
  const provider = KeyPair.create('service').publicKey;
  const ld = { actor_id: actor, provider_id: provider, contract_id: 'wasmcloud:keyvalue', link_name: 'default', values: { A: 'b' } };

  it('creates the KV stream otp creates, writes LINKDEF_<id> as JSON, and every watcher sees puts and deletes in order', async () => {
    const seenA: LinkChange[] = [];
    const seenB: LinkChange[] = [];
    const a = await LatticeCache.open(nc, 'lc', 'NHOSTA', (c) => seenA.push(c));
    open.push(a);
    const b = await LatticeCache.open(nc, 'lc', 'NHOSTB', (c) => seenB.push(c));
    open.push(b);
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(streamName('lc'));
    expect(info.config.subjects).toEqual(['$KV.LATTICEDATA_lc.>']);
    expect(info.config.max_msgs_per_subject).toBe(1);
    expect(info.config.allow_rollup_hdrs).toBe(true);

    const id = linkdefId(actor, 'wasmcloud:keyvalue', 'default');
    const seq = await a.put(ld, id);
    const stored = await jsm.streams.getMessage(streamName('lc'), { last_by_subj: `$KV.LATTICEDATA_lc.LINKDEF_${id}` });
    expect(JSON.parse(new TextDecoder().decode(stored!.data))).toEqual({ id, ...ld });
    await until(() => seenB.length === 1 && seenA.length === 1);
    expect(seenB[0]).toEqual({ kind: 'put', id, link: { id, ...ld }, writer: 'NHOSTA', initial: false, seq });

    const delSeq = await b.delete(id);
    await until(() => seenA.length === 2);
    expect(seenA[1]).toEqual({ kind: 'delete', id, writer: 'NHOSTB', initial: false, seq: delSeq });
    expect(delSeq).toBeGreaterThan(seq);
  });

  it('a client writing the bucket directly (no writer header), with DEL as the Rust client deletes', async () => {
    const seen: LinkChange[] = [];
    open.push(await LatticeCache.open(nc, 'lc', 'NHOSTC', (c) => seen.push(c)));
    const js = jetstream(nc);
    const id = linkdefId(actor, 'wasmcloud:httpserver', 'web');
    const value = { ...ld, contract_id: 'wasmcloud:httpserver', link_name: 'web' };
    await js.publish(`$KV.LATTICEDATA_lc.LINKDEF_${id}`, JSON.stringify(value));
    await until(() => seen.some((c) => c.id === id && c.kind === 'put'));
    expect(seen.find((c) => c.id === id)).toMatchObject({ kind: 'put', writer: undefined, initial: false, link: { id, ...value } });
    const h = headers();
    h.set('KV-Operation', 'DEL');
    await js.publish(`$KV.LATTICEDATA_lc.LINKDEF_${id}`, new Uint8Array(0), { headers: h });
    await until(() => seen.some((c) => c.id === id && c.kind === 'delete'));
  });

  it('a watcher opened later gets the current links (initial: true) before open resolves, and no deleted ones', async () => {
    const writer = await LatticeCache.open(nc, 'later', 'NHOSTA', () => undefined);
    open.push(writer);
    const keep = linkdefId(actor, 'wasmcloud:keyvalue', 'default');
    const gone = linkdefId(actor, 'wasmcloud:messaging', 'default');
    await writer.put(ld, keep);
    await writer.put({ ...ld, contract_id: 'wasmcloud:messaging' }, gone);
    await writer.delete(gone);
    const seen: LinkChange[] = [];
    open.push(await LatticeCache.open(nc, 'later', 'NHOSTD', (c) => seen.push(c)));
    const puts = seen.filter((c) => c.kind === 'put');
    expect(puts.map((c) => [c.id, c.initial])).toEqual([[keep, true]]);
  });

  it('get reads the stored link from the stream itself: undefined when never written, purged (otp) or DEL (Rust client)', async () => {
    const cache = await LatticeCache.open(nc, 'getlc', 'NHOSTG', () => undefined);
    open.push(cache);
    const id = linkdefId(actor, 'wasmcloud:keyvalue', 'get');
    expect(await cache.get(id)).toBeUndefined();
    await cache.put({ ...ld, link_name: 'get' }, id);
    expect(await cache.get(id)).toEqual({ id, ...ld, link_name: 'get' });
    await cache.delete(id);
    expect(await cache.get(id)).toBeUndefined();
    // Written by another client and deleted the Rust client's way.
    const js = jetstream(nc);
    await js.publish(`$KV.LATTICEDATA_getlc.LINKDEF_${id}`, JSON.stringify({ ...ld, link_name: 'get' }));
    expect((await cache.get(id))?.provider_id).toBe(provider);
    const h = headers();
    h.set('KV-Operation', 'DEL');
    await js.publish(`$KV.LATTICEDATA_getlc.LINKDEF_${id}`, new Uint8Array(0), { headers: h });
    expect(await cache.get(id)).toBeUndefined();
  });

  it('without JetStream: LatticeCacheUnavailable (the host keeps links to itself)', async () => {
    const plain = await startNatsServer({ jetstream: false });
    const pc = await connect({ servers: plain.url });
    try {
      await expect(LatticeCache.open(pc, 'x', 'NH', () => undefined)).rejects.toBeInstanceOf(LatticeCacheUnavailable);
    } finally {
      await pc.close();
      await plain.stop();
    }
  });
});
