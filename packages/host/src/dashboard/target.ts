import type { Host } from '../host';
import type { LinkDefinition } from '../lattice/envelopes';
import type { ActorInfo } from '../types';

/**
 * What the dashboard drives: the small surface both a LatticeHost and an embedded Host (through
 * `embeddedTarget`) offer, so the dashboard is tested without NATS and serves `up` unchanged.
 */
export interface DashboardTarget {
  readonly hostId: string;
  readonly lattice: string;
  readonly startedAt: Date;
  /** The embedded host: invocations and in-memory double links go straight to it. */
  readonly host: Host;
  startActor(source: string | Uint8Array, options?: { instances?: number }): Promise<ActorInfo>;
  stopActor(actor: string): Promise<void>;
  updateActor(actor: string, source: string | Uint8Array): Promise<ActorInfo>;
  actors(): ActorInfo[];
  /** Lattice link definitions (to providers on NATS); absent in an embedded host. */
  links?(): LinkDefinition[];
  putLink?(ld: LinkDefinition): Promise<void>;
  deleteLink?(actorId: string, contractId: string, linkName?: string): Promise<void>;
  providers?(): { publicKey: string; linkName: string; contractId: string; name?: string }[];
  /** Health of a lattice provider; absent: shown as unknown. */
  providerHealth?(publicKey: string, linkName: string): Promise<{ healthy: boolean; message?: string }>;
  on?(event: 'event', listener: (e: { type: string; data: unknown }) => void): unknown;
  off?(event: 'event', listener: (e: { type: string; data: unknown }) => void): unknown;
}

/** An embedded Host as a dashboard target (no lattice: links are the in-memory doubles only). */
export function embeddedTarget(host: Host, options: { hostId?: string; lattice?: string } = {}): DashboardTarget {
  return {
    hostId: options.hostId ?? 'embedded',
    lattice: options.lattice ?? 'default',
    startedAt: new Date(),
    host,
    startActor: (source, o) => host.startActor(source, o),
    stopActor: (actor) => host.stopActor(actor),
    updateActor: (actor, source) => host.updateActor(actor, source),
    actors: () => host.actors(),
  };
}
