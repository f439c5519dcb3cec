export interface DeployExecutorSchema {
  /** NATS server of the lattice (host:port); default 127.0.0.1:4222 (what the `host` target starts when given that port). */
  natsUrl?: string;
  /** Lattice prefix; default "default". */
  lattice?: string;
  /** The host to start the actor on when no host runs it; default the first host that answers. */
  hostId?: string;
  /** Push options, as the push target takes them. */
  registry?: string;
  reference?: string;
  insecure?: boolean;
  allowLatest?: boolean;
  /** How long a host may take to answer, in milliseconds. */
  timeoutMs?: number;
}
