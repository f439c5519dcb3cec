export interface RegistryExecutorSchema {
  host?: string;
  port?: number;
  /** Blob storage, relative to the workspace root (default .wasmcloud/registry). */
  storageDir?: string;
}
