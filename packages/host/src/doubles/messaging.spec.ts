import { decode, encode } from '@msgpack/msgpack';
import { messagingDouble } from './messaging';

const ctx = { actor: 'M', actorName: 'a', contractId: 'wasmcloud:messaging', linkName: 'default', values: {} };
const body = (s: string) => new TextEncoder().encode(s);

describe('messagingDouble', () => {
  it('records Messaging.Publish (empty reply) and 0.18 Publish ({published: true})', () => {
    const m = messagingDouble();
    expect((m('Messaging.Publish', encode({ subject: 'a.b', replyTo: 'r', body: body('hi') }), ctx) as Uint8Array).length).toBe(0);
    expect(decode(m('Publish', encode({ subject: 'c', replyTo: '', body: body('x') }), ctx) as Uint8Array)).toEqual({ published: true });
    expect(m.published).toEqual([
      { subject: 'a.b', replyTo: 'r', body: body('hi') },
      { subject: 'c', replyTo: undefined, body: body('x') },
    ]);
  });
  it('answers Messaging.Request with the handler, asynchronously', async () => {
    const m = messagingDouble({ onRequest: async (subject, b) => body(`${subject}:${new TextDecoder().decode(b)}`) });
    const reply = decode(await m('Messaging.Request', encode({ subject: 'q', body: body('ping'), timeoutMs: 100 }), ctx)) as {
      subject: string;
      body: Uint8Array;
    };
    expect(reply.subject).toBe('q');
    expect(new TextDecoder().decode(reply.body)).toBe('q:ping');
    const old = decode(await m('Request', encode({ subject: 'q', body: body('p'), timeout: 1 }), ctx)) as Record<string, unknown>;
    expect(Object.keys(old).sort()).toEqual(['body', 'replyTo', 'subject']);
  });
  it('without a handler a Request fails like a subject without responders', async () => {
    await expect(messagingDouble()('Messaging.Request', encode({ subject: 'nobody', body: body('') }), ctx)).rejects.toThrow(
      'no responders for request on nobody',
    );
  });
});
