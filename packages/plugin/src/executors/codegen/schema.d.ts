export interface CodegenExecutorSchema {
  /** codegen.toml path relative to the project root. */
  config?: string;
  /** Only these languages (default: every language in codegen.toml). */
  languages?: string[];
}
