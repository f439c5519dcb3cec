import { connect, NatsConnection } from '@nats-io/transport-node';
import { Objm } from '@nats-io/obj';
import { CHUNK_THRESHOLD_BYTES, ChunkStore, needsChunking, responseObjectName } from './chunking';
import { NatsServer, startNatsServer } from './nats-server';

describe('ChunkStore (weld chunkify.rs)', () => {
  let server: NatsServer;
  let nc: NatsConnection;
  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
  });
  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  it('the threshold is 900 KiB, exclusive', () => {
    expect(CHUNK_THRESHOLD_BYTES).toBe(921600);
    expect(needsChunking(921600)).toBe(false);
    expect(needsChunking(921601)).toBe(true);
    expect(responseObjectName('abc')).toBe('abc-r');
  });
  it('stores in the object store named after the lattice; take reads and deletes', async () => {
    const chunks = new ChunkStore(nc, 'chunky');
    const body = new Uint8Array(1_000_000).map((_, i) => i % 253);
    await chunks.put('inv1', body);
    // Another client sees the object in bucket "chunky" under the invocation id.
    const store = await new Objm(nc).open('chunky');
    expect((await store.info('inv1'))?.size).toBe(body.length);
    expect(await chunks.take('inv1', body.length)).toEqual(body);
    expect((await store.info('inv1'))?.deleted).toBe(true);
  });
  it('refuses an object over the limit before reading it, and a missing one', async () => {
    const chunks = new ChunkStore(nc, 'chunky');
    await chunks.put('big', new Uint8Array(2000));
    await expect(chunks.take('big', 1000)).rejects.toThrow('chunked stream for inv big holds 2000 bytes, more than the limit of 1000');
    await expect(chunks.take('nothing', 1000)).rejects.toThrow('object not found');
  });
});
