import type { LinkDefinition } from '../lattice/envelopes';

/**
 * HostData as weld `wasmbus_core.rs` (wasmbus-rpc 0.14) reads it and otp `generate_hostinfo_for`
 * writes it. `env_values`, `link_definitions` and
 * `cluster_issuers` have no serde default, so they are always present.
 */
export interface HostData {
  host_id: string;
  lattice_rpc_prefix: string;
  lattice_rpc_url: string;
  provider_key: string;
  link_name: string;
  /** The cluster seed: a secret, written only to the provider's stdin. */
  invocation_seed: string;
  cluster_issuers: string[];
  env_values: Record<string, string>;
  link_definitions: LinkDefinition[];
  instance_id: string;
  config_json?: string;
  default_rpc_timeout_ms?: number;
  structured_logging: boolean;
}

/** `nats://host:port` (or `host:port`) -> `host:port`, as otp puts it in lattice_rpc_url. */
export function natsHostPort(url: string): string {
  const first = url.split(',')[0].trim();
  const stripped = first.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  const at = stripped.lastIndexOf('@');
  const hostPort = at >= 0 ? stripped.slice(at + 1) : stripped;
  return /:\d+$/.test(hostPort) ? hostPort : `${hostPort}:4222`;
}

/** What a host writes to a provider's stdin: padded standard base64 of the JSON, then "\n" (otp). */
export function encodeHostData(data: HostData): string {
  return `${Buffer.from(JSON.stringify(data)).toString('base64')}\n`;
}
