import { createInbox, Msg, NatsConnection, Subscription } from '@nats-io/transport-node';

/** Why a request got no reply: nobody answered in time, nobody listens, or the connection failed. */
export class RequestFailure extends Error {
  constructor(
    message: string,
    readonly reason: 'timeout' | 'no-responders' | 'connection',
  ) {
    super(message);
    this.name = 'RequestFailure';
  }
}

interface Pending {
  resolve(msg: Msg): void;
  reject(e: RequestFailure): void;
  timer: NodeJS.Timeout;
}

/**
 * Request/reply over one wildcard inbox subscription per connection, as nats.js's own mux does, but
 * without its per-request costs: nats.js builds two or three Error objects (stack traces included)
 * per request even when it succeeds, a random token and a race of two promises, which profiled at
 * about 15% of a lattice caller's CPU. Here a request is a counter token, a Map entry and a timer.
 */
class RequestMux {
  readonly #prefix: string;
  readonly #pending = new Map<string, Pending>();
  readonly #sub: Subscription;
  #next = 0;
  #failed: string | undefined;

  constructor(readonly nc: NatsConnection) {
    const inboxPrefix = (nc as { options?: { inboxPrefix?: string } }).options?.inboxPrefix;
    this.#prefix = `${createInbox(inboxPrefix)}.`;
    this.#sub = nc.subscribe(`${this.#prefix}*`, {
      callback: (err, msg) => {
        if (err) return this.failAll(`Failed to perform RPC call: ${err.message}`);
        const token = msg.subject.slice(this.#prefix.length);
        const p = this.#pending.get(token);
        if (!p) return; // late reply after a timeout
        this.#pending.delete(token);
        clearTimeout(p.timer);
        // nats-server answers a request nobody listens to with an empty 503 status message.
        if (msg.data.length === 0 && msg.headers?.code === 503) p.reject(new RequestFailure('no responders', 'no-responders'));
        else p.resolve(msg);
      },
    });
    void nc.closed().then(
      () => this.failAll('Failed to perform RPC call: the NATS connection is closed'),
      () => this.failAll('Failed to perform RPC call: the NATS connection is closed'),
    );
  }

  get usable(): boolean {
    return this.#failed === undefined && !this.#sub.isClosed();
  }

  request(subject: string, data: Uint8Array, timeoutMs: number): Promise<Msg> {
    return new Promise<Msg>((resolve, reject) => {
      const token = (this.#next++).toString(36);
      const timer = setTimeout(() => {
        if (this.#pending.delete(token)) reject(new RequestFailure('request timeout', 'timeout'));
      }, timeoutMs);
      this.#pending.set(token, { resolve, reject, timer });
      try {
        this.nc.publish(subject, data, { reply: this.#prefix + token });
      } catch (e) {
        this.#pending.delete(token);
        clearTimeout(timer);
        reject(new RequestFailure(`Failed to perform RPC call: ${(e as Error).message}`, 'connection'));
      }
    });
  }

  private failAll(message: string): void {
    this.#failed = message;
    for (const p of this.#pending.values()) {
      clearTimeout(p.timer);
      p.reject(new RequestFailure(message, 'connection'));
    }
    this.#pending.clear();
  }
}

const muxes = new WeakMap<NatsConnection, RequestMux>();

/** A request on `nc` answered on this process's shared inbox for that connection; rejects with a RequestFailure. */
export function muxRequest(nc: NatsConnection, subject: string, data: Uint8Array, timeoutMs: number): Promise<Msg> {
  let mux = muxes.get(nc);
  if (!mux || !mux.usable) {
    if (nc.isClosed()) return Promise.reject(new RequestFailure('Failed to perform RPC call: the NATS connection is closed', 'connection'));
    mux = new RequestMux(nc);
    muxes.set(nc, mux);
  }
  return mux.request(subject, data, timeoutMs);
}
