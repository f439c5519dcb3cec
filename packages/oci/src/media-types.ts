/** Media types wash and the hosts use (the constants of wasmCloud/wash `src/reg.rs`). */
export const MANIFEST_OCI = 'application/vnd.oci.image.manifest.v1+json';
export const MANIFEST_DOCKER_V2 = 'application/vnd.docker.distribution.manifest.v2+json';
export const INDEX_OCI = 'application/vnd.oci.image.index.v1+json';

export const ACTOR_CONFIG = 'application/vnd.wasmcloud.actor.archive.config';
export const ACTOR_LAYER = 'application/vnd.module.wasm.content.layer.v1+wasm';
export const PROVIDER_CONFIG = 'application/vnd.wasmcloud.provider.archive.config';
export const PROVIDER_LAYER = 'application/vnd.wasmcloud.provider.archive.layer.v1+par';
export const WASM_LAYER = 'application/wasm';
export const OCI_TAR_LAYER = 'application/vnd.oci.image.layer.v1.tar';

/** Layer types wash pull accepts (oci-distribution validate_layers + wash-lib ≥0.22's application/wasm). */
export const ACCEPTED_LAYER_TYPES: readonly string[] = [PROVIDER_LAYER, ACTOR_LAYER, OCI_TAR_LAYER, WASM_LAYER];

/** The annotation oras puts on each file layer; a layer carrying it is a plain file, whatever its type. */
export const TITLE_ANNOTATION = 'org.opencontainers.image.title';
export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';

export type ArtifactKind = 'actor' | 'provider';

export function mediaTypesFor(kind: ArtifactKind): { config: string; layer: string } {
  return kind === 'actor' ? { config: ACTOR_CONFIG, layer: ACTOR_LAYER } : { config: PROVIDER_CONFIG, layer: PROVIDER_LAYER };
}
