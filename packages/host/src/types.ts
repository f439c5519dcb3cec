export type Payload = Uint8Array;

export interface InvocationContext {
  /** Public key (M…) of the calling actor. */
  actor: string;
  /** The calling actor's claims name. */
  actorName: string;
  /** Namespace of the host call (the contract id). */
  contractId: string;
  /** Binding of the host call ('default' when empty). */
  linkName: string;
  /** Link definition values. */
  values: Record<string, string>;
}

/**
 * An in-process capability provider: any JS/TS module can implement it. Set `synchronous: true`
 * on the function when it always returns bytes (never a Promise): actors linked only to such
 * providers run in the calling thread (no worker-thread hop); a flagged provider that returns a
 * Promise fails that host call.
 */
export type Provider = ((operation: string, payload: Payload, context: InvocationContext) => Promise<Payload> | Payload) & { synchronous?: boolean };

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export interface LogEntry {
  actor: string;
  level: LogLevel;
  text: string;
}

export interface HostOptions {
  /** Lattice name, used in error strings; default 'default'. */
  lattice?: string;
  /** Per-call timeout (guest calls and host calls), default 2000 ms. */
  timeoutMs?: number;
  /** Default 1 MiB; larger payloads are refused with a HostUserError. */
  maxPayloadBytes?: number;
  /** Instances per actor, default 1. */
  instances?: number;
  /**
   * An actor instance on the worker path idle this long ends its worker thread (~6.5 MiB each);
   * the next call starts a fresh instance, which runs the start functions again. Default 30000 ms; 0 keeps workers.
   */
  idleWorkerMs?: number;
  /** Per-instance linear-memory cap, default 256 MiB. */
  memoryLimitBytes?: number;
  /** Console and builtin logging; default stderr "<actor name>: <text>". */
  log?: (entry: LogEntry) => void;
  /** Default from WASMCLOUD_OCI_ALLOWED_INSECURE (comma-separated host:port). */
  ociAllowedInsecure?: string[];
  /** Default false (WASMCLOUD_OCI_ALLOW_LATEST=true). */
  allowLatest?: boolean;
  /** Default: the hosts' cache dir as @nx-wasmcloud/oci defines it. */
  ociCacheDir?: string;
  /** Seconds since epoch, for exp/nbf checks (tests). */
  now?: () => number;
  /**
   * Where an actor-to-actor call goes when the target key (M…) is not running here (the lattice sets
   * it); rejects with the error string the caller sees. Without it, such a call times out.
   */
  remoteActor?: (caller: { publicKey: string; name: string }, target: string, operation: string, payload: Payload) => Promise<Payload>;
}

export type AbiFamily = 'wascc' | 'wapc' | 'wasmbus-0.3' | 'wasmbus-0.7';

export interface ActorInfo {
  publicKey: string;
  name: string;
  callAlias?: string;
  caps: string[];
  issuer: string;
  version?: string;
  revision?: number;
  apiVersion: number;
  abi: AbiFamily;
  instances: number;
}
