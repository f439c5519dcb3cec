import { decode, encode } from '@msgpack/msgpack';
import { providerEntity } from '../lattice/envelopes';
import type { LatticeHost } from '../lattice/lattice-host';
import { rpcSubject } from '../lattice/urls';
import type { DashboardTarget } from './target';

/**
 * A LatticeHost as a dashboard target. Provider health is asked on the provider's `.health`
 * subject (msgpack HealthCheckRequest, reply `{healthy, message?}`) so a provider started by any
 * host of the lattice shows its own answer.
 */
export function latticeTarget(lh: LatticeHost, options: { healthTimeoutMs?: number } = {}): DashboardTarget {
  return {
    hostId: lh.hostId,
    lattice: lh.lattice,
    startedAt: lh.startedAt,
    host: lh.host,
    startActor: (source, o) => lh.startActor(source, o),
    stopActor: (actor) => lh.stopActor(actor),
    updateActor: (actor, source) => lh.updateActor(actor, source),
    actors: () => lh.actors(),
    links: () => lh.links(),
    putLink: (ld) => lh.putLink(ld),
    deleteLink: (actorId, contractId, linkName) => lh.deleteLink(actorId, contractId, linkName),
    providers: () => lh.providers(),
    providerHealth: async (publicKey, linkName) => {
      const p = lh.providers().find((x) => x.publicKey === publicKey && x.linkName === linkName);
      const subject = `${rpcSubject(lh.lattice, providerEntity(publicKey, p?.contractId ?? '', linkName))}.health`;
      try {
        const reply = await lh.nats.request(subject, encode({}), { timeout: options.healthTimeoutMs ?? 2000 });
        const r = decode(reply.data) as { healthy?: unknown; message?: unknown };
        if (typeof r !== 'object' || r === null || typeof r.healthy !== 'boolean')
          return { healthy: false, message: 'the health reply is not a msgpack {healthy, message}' };
        return typeof r.message === 'string' ? { healthy: r.healthy, message: r.message } : { healthy: r.healthy };
      } catch (e) {
        const text = (e as Error).message ?? String(e);
        return { healthy: false, message: /timeout|no responders/i.test(`${(e as Error).name} ${text}`) ? `no answer on ${subject}` : text };
      }
    },
    on: (event, listener) => lh.on(event, listener),
    off: (event, listener) => lh.off(event, listener),
  };
}
