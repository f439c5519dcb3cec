import { connect, NatsConnection } from '@nats-io/transport-node';
import { decode, encode } from '@msgpack/msgpack';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { HostUserError } from '../errors';
import { ChunkStore } from './chunking';
import { NatsServer, startNatsServer } from './nats-server';
import { latticeCall, connectNats, LatticeRpcError } from './rpc-client';

describe('latticeCall against a raw responder', () => {
  let server: NatsServer;
  let nc: NatsConnection;
  const cluster = KeyPair.create('cluster');
  const actor = KeyPair.create('module').publicKey;
  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
  });
  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  it('reads a chunked reply (content_length > msg) from <id>-r in the lattice object store', async () => {
    const big = new Uint8Array(1_000_000).fill(3);
    const chunks = new ChunkStore(nc, 'rc');
    const sub = nc.subscribe(`wasmbus.rpc.rc.${actor}`, {
      callback: async (_e, m) => {
        const inv = decode(m.data) as { id: string };
        await chunks.put(`${inv.id}-r`, big);
        m.respond(encode({ msg: new Uint8Array(0), invocation_id: inv.id, content_length: big.length }));
      },
    });
    const reply = await latticeCall({ nats: nc, lattice: 'rc', clusterSeed: cluster.seed, actorKey: actor, operation: 'A.B', payload: new Uint8Array([1]) });
    expect(reply.length).toBe(big.length);
    sub.unsubscribe();
  });
  it('a remote error string is thrown verbatim', async () => {
    const sub = nc.subscribe(`wasmbus.rpc.rc.${actor}`, {
      callback: (_e, m) => m.respond(encode({ msg: new Uint8Array(0), invocation_id: 'x', error: 'Invocation claims token expired', content_length: 0 })),
    });
    await expect(
      latticeCall({ nats: nc, lattice: 'rc', clusterSeed: cluster.seed, actorKey: actor, operation: 'A.B', payload: new Uint8Array(0) }),
    ).rejects.toThrow(new LatticeRpcError('Invocation claims token expired'));
    sub.unsubscribe();
  });
  it('user errors are one line and never show the seed', async () => {
    const account = KeyPair.create('account').seed;
    const err = await latticeCall({ nats: nc, clusterSeed: account, actorKey: actor, operation: 'A.B', payload: new Uint8Array(0) }).catch((e) => e);
    expect(err).toBeInstanceOf(HostUserError);
    expect(err.message).toMatch(/^cluster seed: expected a cluster seed, got an account seed/);
    expect(err.message).not.toContain(account);
    await expect(latticeCall({ nats: nc, clusterSeed: cluster.seed, actorKey: 'hello', operation: 'A.B', payload: new Uint8Array(0) })).rejects.toThrow(
      "actor hello: give the actor's public key (M…, 56 characters)",
    );
    const port = server.port;
    await expect(connectNats(`127.0.0.1:${port + 1 === 65536 ? 1 : port + 1}`)).rejects.toThrow(
      /^cannot connect to NATS at 127\.0\.0\.1:\d+: .*\(start one with `nx-wasmcloud up` or give --nats-url\)$/,
    );
  });
});
