import { decode, encode } from '@msgpack/msgpack';
import { Payload, Provider } from '../types';

export interface PublishedMessage {
  subject: string;
  replyTo?: string;
  body: Uint8Array;
}
export type MessagingDouble = Provider & { published: PublishedMessage[] };

function message(payload: Payload): { subject: string; replyTo?: string; body: Uint8Array } {
  const v = (payload.length ? decode(payload) : {}) as Record<string, unknown>;
  const body = v.body instanceof Uint8Array ? v.body : typeof v.body === 'string' ? new TextEncoder().encode(v.body) : new Uint8Array(0);
  return { subject: String(v.subject ?? ''), replyTo: typeof v.replyTo === 'string' && v.replyTo ? v.replyTo : undefined, body };
}

/**
 * An in-memory `wasmcloud:messaging` provider: records what is published (`Messaging.Publish`,
 * 0.18 `Publish`); a `Request` is answered by `onRequest` (by default refused, as with no
 * subscriber). Bodies are msgpack `bin`.
 */
export function messagingDouble(options: { onRequest?: (subject: string, body: Uint8Array) => Uint8Array | Promise<Uint8Array> } = {}): MessagingDouble {
  const published: PublishedMessage[] = [];
  const request = async (payload: Payload): Promise<{ subject: string; body: Uint8Array }> => {
    const m = message(payload);
    if (!options.onRequest) throw new Error(`no responders for request on ${m.subject}`);
    return { subject: m.subject, body: await options.onRequest(m.subject, m.body) };
  };
  const provider = ((operation: string, payload: Payload): Payload | Promise<Payload> => {
    switch (operation) {
      case 'Messaging.Publish': {
        const m = message(payload);
        published.push(m);
        return new Uint8Array(0);
      }
      case 'Publish': {
        published.push(message(payload));
        return encode({ published: true });
      }
      case 'Messaging.Request':
        return request(payload).then((r) => encode({ subject: r.subject, body: r.body }));
      case 'Request':
        return request(payload).then((r) => encode({ subject: r.subject, replyTo: '', body: r.body }));
      default:
        throw new Error(`wasmcloud:messaging double: unknown operation ${operation}`);
    }
  }) as unknown as MessagingDouble;
  provider.published = published;
  return provider;
}
