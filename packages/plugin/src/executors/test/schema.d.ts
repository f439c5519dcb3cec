export interface TestExecutorSchema {
  /** For interfaces: the generated crate's directory, relative to the project root. */
  cwd?: string;
  /** For interfaces: the generated TypeScript project, tested with the workspace's jest. */
  tsProject?: string;
  /** Extra arguments for `cargo test`. */
  args?: string[];
  /** Actors: the TestOptions file sent with `Testing.Start`, relative to the project root (default test-options.json; no file, no host tests). */
  testOptions?: string;
  /** Actors: contract id -> "double" (the in-memory double) or a JS module exporting a provider (relative to the project root). */
  links?: Record<string, string>;
  /** Actors: link name of the links (default "default"). */
  linkName?: string;
  /** Actors: per-call timeout in the host, in ms (default 2000). */
  timeoutMs?: number;
  /** Providers: the cases file run in a private lattice when provider_test_config.toml exists (default provider_tests.json). */
  providerTests?: string;
  /** Actors: false skips the tests in the host even with a test-options.json (providers: the lattice tests). */
  hostTests?: boolean;
  /** Set by inference: the @nx-wasmcloud/host version, so that an upgrade of the host re-runs the tests. */
  hostVersion?: string;
}
