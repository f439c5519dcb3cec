export interface ValidateExecutorSchema {
  /** codegen.toml path relative to the project root. */
  config?: string;
}
