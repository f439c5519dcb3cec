export interface HostExecutorSchema {
  /** An existing NATS server (host:port); default: start nats-server on a free loopback port. */
  natsUrl?: string;
  /** Lattice prefix; default "default". */
  lattice?: string;
  /** More accepted cluster issuers (C…). The cluster seed comes from WASMCLOUD_CLUSTER_SEED, never from options. */
  clusterIssuers?: string[];
}
