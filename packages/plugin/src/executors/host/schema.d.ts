export interface HostExecutorSchema {
  /** An existing NATS server (host:port); default: start nats-server on a free loopback port. */
  natsUrl?: string;
  /** Loopback port of the nats-server started when natsUrl is absent; default 4222 (wash up's). */
  natsPort?: number;
  /** Lattice prefix; default "default". */
  lattice?: string;
  /** More accepted cluster issuers (C…). The cluster seed comes from WASMCLOUD_CLUSTER_SEED, never from options. */
  clusterIssuers?: string[];
  /** Port of the web dashboard on 127.0.0.1; default 0 (a free one; the URL with its token is printed). */
  dashboardPort?: number;
}
