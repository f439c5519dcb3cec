import { canonicalJson } from './canonical-json';
import { sha256Digest } from './digest';
import { escapeControl } from '@nx-wasmcloud/wascap/terminal-text';
import { OciError } from './errors';
import { ACCEPTED_LAYER_TYPES, INDEX_OCI, MANIFEST_DOCKER_V2, MANIFEST_OCI, TITLE_ANNOTATION } from './media-types';

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  urls?: string[];
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

/**
 * The manifest wash 0.22–0.28 pushes (oci-distribution 0.9 `OciImageManifest::build`): no top-level
 * mediaType, no layer annotations, `annotations` always present (`{}` without -a flags), written as
 * canonical JSON. Its sha256 is the digest the registry names it by and that wash ≥0.28 prints.
 */
export function buildManifest(
  config: Descriptor,
  layers: Descriptor[],
  annotations: Record<string, string> = {},
): { manifest: ImageManifest; bytes: Buffer; digest: string } {
  const manifest: ImageManifest = { schemaVersion: 2, config, layers, annotations };
  const bytes = Buffer.from(canonicalJson(manifest), 'utf8');
  return { manifest, bytes, digest: sha256Digest(bytes) };
}

function isDescriptor(d: unknown): d is Descriptor {
  const x = d as Descriptor;
  return Boolean(x) && typeof x.mediaType === 'string' && typeof x.digest === 'string' && Number.isSafeInteger(x.size) && x.size >= 0;
}

/**
 * Parses a pulled manifest and checks what wash checks (oci-distribution validate_layers): at
 * least one layer, every layer of an accepted type. A layer named by `org.opencontainers.image.title`
 * (how the oras CLI pushes files) is accepted whatever its type.
 */
export function parsePulledManifest(bytes: Buffer, what: string, contentType?: string): ImageManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new OciError(`manifest of ${what} is not JSON`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new OciError(`manifest of ${what} is not a JSON object`);
  const m = parsed as ImageManifest & { manifests?: unknown };
  if (m.mediaType !== undefined && typeof m.mediaType !== 'string') throw new OciError(`manifest of ${what} has a mediaType that is not a string`);
  const mediaType = m.mediaType ?? contentType;
  if (m.manifests || mediaType === INDEX_OCI || mediaType === 'application/vnd.docker.distribution.manifest.list.v2+json') {
    throw new OciError(`${what} is an image index (a multi-platform image), not a wasmCloud artifact`);
  }
  if (m.schemaVersion !== 2 || !isDescriptor(m.config) || !Array.isArray(m.layers) || !m.layers.every(isDescriptor)) {
    throw new OciError(`manifest of ${what} is not an OCI image manifest (schemaVersion 2 with config and layers)`);
  }
  if (mediaType && mediaType !== MANIFEST_OCI && mediaType !== MANIFEST_DOCKER_V2 && !mediaType.startsWith('application/json')) {
    throw new OciError(`manifest of ${what} has unsupported media type ${escapeControl(clip(mediaType), { backslash: false })}`);
  }
  if (m.layers.length === 0) throw new OciError(`${what} has no layers: nothing to pull`);
  for (const layer of m.layers) {
    if (!ACCEPTED_LAYER_TYPES.includes(layer.mediaType) && !layer.annotations?.[TITLE_ANNOTATION]) {
      throw new OciError(
        `${what} has a layer of type ${escapeControl(clip(layer.mediaType), { backslash: false })}, which is not a wasmCloud actor, provider archive or wasm layer (accepted: ${ACCEPTED_LAYER_TYPES.join(', ')})`,
      );
    }
  }
  return m;
}

/** Registry-supplied strings shown in errors are cut short: they are the registry's, not ours. */
function clip(text: string): string {
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}
