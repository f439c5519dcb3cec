import { randomUUID } from 'node:crypto';
import { CloudEvent, EVENT_TYPE_PREFIX } from './types';

/**
 * A lattice event as otp's HostCore.CloudEvent makes it (wasmcloud-otp host_core/lib/host_core/cloud_event.ex):
 * specversion 1.0, type `com.wasmcloud.lattice.<event>`, source = the host id (wash matches on it,
 * wash-lib src/wait.rs), JSON data.
 */
export function cloudEvent<T>(eventType: string, source: string, data: T, now: Date = new Date()): CloudEvent<T> {
  return {
    specversion: '1.0',
    id: randomUUID(),
    source,
    type: `${EVENT_TYPE_PREFIX}${eventType}`,
    time: now.toISOString(),
    datacontenttype: 'application/json',
    data,
  };
}
