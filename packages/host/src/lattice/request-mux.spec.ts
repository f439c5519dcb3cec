import { connect, NatsConnection } from '@nats-io/transport-node';
import { NatsServer, startNatsServer } from './nats-server';
import { muxRequest, RequestFailure } from './request-mux';

describe('muxRequest (request/reply over one shared inbox per connection)', () => {
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

  it('matches each of many concurrent replies, answered out of order, to its own request', async () => {
    // The responder answers in reverse order of arrival, so a mix-up of tokens would show.
    const held: { respond: () => void }[] = [];
    const sub = nc.subscribe('mux.rev', {
      callback: (_e, m) => {
        held.push({ respond: () => m.respond(m.data) });
        if (held.length === 50) for (const h of held.reverse()) h.respond();
      },
    });
    const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => muxRequest(nc, 'mux.rev', new Uint8Array([i, 255 - i]), 5000)));
    expect(replies.map((r) => [...r.data])).toEqual(Array.from({ length: 50 }, (_, i) => [i, 255 - i]));
    sub.unsubscribe();
  });

  it('nobody listening is a fast no-responders failure; a silent responder is a timeout after timeoutMs', async () => {
    const t0 = Date.now();
    await expect(muxRequest(nc, 'mux.nobody', new Uint8Array([1]), 5000)).rejects.toMatchObject({ reason: 'no-responders' });
    expect(Date.now() - t0).toBeLessThan(2000);
    const sub = nc.subscribe('mux.silent', { callback: () => undefined });
    const t1 = Date.now();
    const e = await muxRequest(nc, 'mux.silent', new Uint8Array([1]), 200).catch((x) => x);
    expect(e).toBeInstanceOf(RequestFailure);
    expect(e.reason).toBe('timeout');
    expect(Date.now() - t1).toBeGreaterThanOrEqual(190);
    sub.unsubscribe();
  });

  it('a connection closed with a request in flight rejects it as a connection failure, and later requests too', async () => {
    const own = await connect({ servers: server.url });
    const sub = nc.subscribe('mux.hang', { callback: () => undefined });
    await nc.flush();
    const pending = muxRequest(own, 'mux.hang', new Uint8Array([1]), 10000);
    await own.flush();
    await own.close();
    await expect(pending).rejects.toMatchObject({ reason: 'connection' });
    await expect(muxRequest(own, 'mux.hang', new Uint8Array([1]), 10000)).rejects.toMatchObject({ reason: 'connection' });
    sub.unsubscribe();
  });
});
