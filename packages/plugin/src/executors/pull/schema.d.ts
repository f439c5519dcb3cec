export interface PullExecutorSchema {
  /** OCI reference to pull; default `<registry>/<name>:<version>` of this project. */
  reference?: string;
  registry?: string;
  /** Where to write the artifact; default build/pulled/<file>. */
  destination?: string;
  digest?: string;
  insecure?: boolean;
  allowLatest?: boolean;
}
