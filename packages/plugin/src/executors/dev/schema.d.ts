export interface DevExecutorSchema {
  /**
   * More projects in the same loop: an actor, or an interface (every actor that depends on it in the
   * Nx graph). The CLI passes a comma list (`--projects=a,b`), project.json an array.
   */
  projects?: string[] | string;
  /** NATS server of the lattice (host:port); default 127.0.0.1:4222 (the workspace `host` target's). */
  natsUrl?: string;
  /** Lattice prefix; default "default". */
  lattice?: string;
  /** Push registry (host:port); default [actor] registry in wasmcloud.toml. */
  registry?: string;
  /** Port of the dashboard of a host dev starts itself; default 0 (a free one, printed). */
  dashboardPort?: number;
  /** Quiet time after the last change before a cycle starts, in milliseconds; default 150. */
  debounceMs?: number;
  /** The project's targets a cycle runs, in order; default build, sign, push, deploy ("" skips a step). */
  buildTarget?: string;
  signTarget?: string;
  pushTarget?: string;
  deployTarget?: string;
  /** The target a changed dependency (an interface) runs before the cycle; default codegen. */
  codegenTarget?: string;
}
