/**
 * An Nx cache record as an OCI artifact, the ORAS way (the config media type names the artifact
 * type): one layer, the task-output tar exactly as Nx sent it, tagged with the Nx hash. Its own
 * types, so no wasmCloud host or `wash pull` mistakes a record for an actor, and a registry UI or
 * `oras discover` shows what it is.
 */
export const NX_CACHE_CONFIG = 'application/vnd.nx-wasmcloud.nx-cache.config.v1+json';
export const NX_CACHE_LAYER = 'application/vnd.nx-wasmcloud.nx-cache.output.v1.tar';
/** Manifest annotation naming the Nx hash the record is for (the tag says it too; the tag can be copied). */
export const NX_HASH_ANNOTATION = 'dev.nx-wasmcloud.nx-cache.hash';
