/** Well-known capability contract ids (wascap `src/caps.rs`, 0.8+ plus the 0.6-only ones). */
export const KEY_VALUE = 'wasmcloud:keyvalue';
export const MESSAGING = 'wasmcloud:messaging';
export const HTTP_CLIENT = 'wasmcloud:httpclient';
export const HTTP_SERVER = 'wasmcloud:httpserver';
export const BLOB = 'wasmcloud:blobstore';
export const LOGGING = 'wasmcloud:builtin:logging';
export const NUMBERGEN = 'wasmcloud:builtin:numbergen';
export const EVENTSTREAMS = 'wasmcloud:eventstreams';
export const EXTRAS = 'wasmcloud:extras';

/**
 * The names wash prints for the well-known contract ids (wascap 0.9-0.11 `caps::capability_name`);
 * any other id is printed as itself.
 */
const CAPABILITY_NAMES: Readonly<Record<string, string>> = {
  [MESSAGING]: 'Messaging',
  [KEY_VALUE]: 'K/V Store',
  [HTTP_SERVER]: 'HTTP Server',
  [HTTP_CLIENT]: 'HTTP Client',
  [BLOB]: 'Blob Store',
  [EVENTSTREAMS]: 'Event Streams',
  [NUMBERGEN]: 'Number Generation',
  [LOGGING]: 'Logging',
};

export function capabilityName(contractId: string): string {
  return Object.prototype.hasOwnProperty.call(CAPABILITY_NAMES, contractId) ? CAPABILITY_NAMES[contractId] : contractId;
}

export interface CapabilityFlags {
  keyvalue?: boolean;
  msg?: boolean;
  httpClient?: boolean;
  httpServer?: boolean;
  blobStore?: boolean;
  logging?: boolean;
  extras?: boolean;
  events?: boolean;
  custom?: string[];
}

/** The caps list in the order wash pushes them: -k -g --http_client -q -f -l (-z) -e, then -c values. */
export function capabilitiesFromFlags(flags: CapabilityFlags): string[] {
  const caps: string[] = [];
  if (flags.keyvalue) caps.push(KEY_VALUE);
  if (flags.msg) caps.push(MESSAGING);
  if (flags.httpClient) caps.push(HTTP_CLIENT);
  if (flags.httpServer) caps.push(HTTP_SERVER);
  if (flags.blobStore) caps.push(BLOB);
  if (flags.logging) caps.push(LOGGING);
  if (flags.extras) caps.push(EXTRAS);
  if (flags.events) caps.push(EVENTSTREAMS);
  caps.push(...(flags.custom ?? []));
  return caps;
}
