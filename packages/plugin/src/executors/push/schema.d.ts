export interface PushExecutorSchema {
  /** Registry `host[:port]`; the reference becomes `<registry>/<name>:<version>`. */
  registry?: string;
  /** Full reference instead (`host/repo:tag`); wins over `registry`. */
  reference?: string;
  /** Allow plain HTTP (also WASMCLOUD_OCI_ALLOWED_INSECURE, [actor] push_insecure). */
  insecure?: boolean;
  /** Allow pushing the `latest` tag. */
  allowLatest?: boolean;
  /** Refuse, before uploading, to move a tag that already names other content (same content again is fine). */
  noOverwrite?: boolean;
  /** false is what `--no-overwrite` on the Nx command line sets: the same as noOverwrite. */
  overwrite?: boolean;
  /** Extra manifest annotations `key=value`. */
  annotations?: string[];
  /** Say what would be pushed where, push nothing (`nx release publish --dry-run`). */
  dryRun?: boolean;
}
