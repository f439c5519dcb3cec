/**
 * wash overlays `WASMCLOUD_<KEY>` variables onto wasmcloud.toml's top-level keys (config-rs with no
 * separator), so an exported `WASMCLOUD_VERSION` meant for `wash up` would silently become a project's
 * version. Tools we start (and wash, if a user's build script calls it) get an environment without
 * those keys; other WASMCLOUD_* settings such as WASMCLOUD_OCI_ALLOWED_INSECURE pass through.
 */
const PROJECT_OVERRIDE = /^WASMCLOUD_(NAME|VERSION|REVISION|LANGUAGE|TYPE|PATH|WASM_BIN_NAME|ACTOR|PROVIDER|INTERFACE|RUST|TINYGO|REGISTRY)(_.*)?$/i;

export function isProjectOverride(key: string): boolean {
  return PROJECT_OVERRIDE.test(key);
}

export function toolEnv(base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) {
    if (v !== undefined && !isProjectOverride(k)) env[k] = v;
  }
  return env;
}
