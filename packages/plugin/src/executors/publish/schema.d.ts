export interface PublishExecutorSchema {
  /** Crate or package directory relative to the project root. */
  cwd?: string;
  /** A TypeScript package directory (npm publish), besides or instead of `cwd`. */
  tsProject?: string;
  /** Only check what would be published (default true). */
  dryRun?: boolean;
}
