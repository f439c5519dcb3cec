export interface BuildExecutorSchema {
  /** Extra Rust target triples for a provider (the host triple is always built). */
  targets?: string[];
  /** For interfaces: the generated crate's directory, relative to the project root. */
  cwd?: string;
  /** For interfaces: the generated TypeScript project (with tsconfig.json), relative to the project root. */
  tsProject?: string;
}
