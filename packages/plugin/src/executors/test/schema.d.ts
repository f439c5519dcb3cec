export interface TestExecutorSchema {
  /** For interfaces: the generated crate's directory, relative to the project root. */
  cwd?: string;
  /** For interfaces: the generated TypeScript project, tested with the workspace's jest. */
  tsProject?: string;
  /** Extra arguments for `cargo test`. */
  args?: string[];
}
