/**
 * JSON payloads of the control interface, field for field as `wasmcloud-control-interface` src/types.rs
 * serializes them (v0.22.0 … v0.31.0; wash 0.2x). A reply carries the union of the fields those versions
 * read (serde ignores what it does not know), a request may carry only fields some version sends.
 */
export interface CtlOperationAck {
  accepted: boolean;
  error: string;
}

export interface HostSummary {
  id: string;
  issuer: string;
  friendly_name: string;
  labels: Record<string, string>;
  uptime_seconds: number;
  uptime_human: string;
  version: string;
  /** Comma-separated C… keys. */
  cluster_issuers: string;
  ctl_host: string;
  rpc_host: string;
  lattice_prefix: string;
}

export interface ActorInstance {
  instance_id: string;
  revision: number;
  image_ref?: string;
  annotations?: Record<string, string>;
  max_concurrent: number;
}

export interface ActorDescription {
  id: string;
  name?: string;
  image_ref?: string;
  instances: ActorInstance[];
}

export interface ProviderDescription {
  id: string;
  name?: string;
  image_ref?: string;
  contract_id: string;
  link_name: string;
  revision: number;
  annotations?: Record<string, string>;
}

export interface HostInventory {
  host_id: string;
  issuer: string;
  friendly_name: string;
  labels: Record<string, string>;
  actors: ActorDescription[];
  providers: ProviderDescription[];
}

/** GetClaimsResponse: every value a string (a map<string,string> in the crate). */
export interface GetClaimsResponse {
  claims: Record<string, string>[];
}

export interface JsonLinkDefinition {
  actor_id: string;
  provider_id: string;
  link_name: string;
  contract_id: string;
  values: Record<string, string>;
}

export interface LinkDefinitionList {
  links: JsonLinkDefinition[];
}

export interface StartActorCommand {
  actor_ref: string;
  host_id: string;
  count?: number;
  annotations?: Record<string, string>;
}
export interface StopActorCommand {
  actor_ref: string;
  host_id: string;
  count?: number;
  annotations?: Record<string, string>;
}
export interface UpdateActorCommand {
  actor_id: string;
  host_id: string;
  new_actor_ref: string;
  annotations?: Record<string, string>;
}
export interface StartProviderCommand {
  provider_ref: string;
  host_id: string;
  link_name: string;
  configuration?: string;
  annotations?: Record<string, string>;
}
export interface StopProviderCommand {
  provider_ref: string;
  host_id: string;
  link_name: string;
  contract_id: string;
  annotations?: Record<string, string>;
}

/** A CloudEvent 1.0 in JSON, as otp's HostCore.CloudEvent builds it. */
export interface CloudEvent<T = Record<string, unknown>> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  datacontenttype: 'application/json';
  data: T;
}

export const EVENT_TYPE_PREFIX = 'com.wasmcloud.lattice.';
