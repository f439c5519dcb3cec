/**
 * The OCI standard annotations (image-spec annotations.md) an executor can add where it knows them.
 * Not added by default: wash 0.22–0.28 push only the `-a` flags, and extra keys would change the
 * manifest digest relative to what wash prints for the same artifact.
 */
export interface StandardAnnotationInput {
  /** Creation time; defaults to SOURCE_DATE_EPOCH when set (reproducible builds), else omitted. */
  created?: Date;
  version?: string;
  source?: string;
  env?: NodeJS.ProcessEnv;
}

export function standardAnnotations(input: StandardAnnotationInput): Record<string, string> {
  const out: Record<string, string> = {};
  const epoch = (input.env ?? process.env).SOURCE_DATE_EPOCH;
  const created = input.created ?? (epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined);
  // RFC 3339 without milliseconds, as the spec's examples and most tools write it.
  if (created) out['org.opencontainers.image.created'] = created.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (input.version) out['org.opencontainers.image.version'] = input.version;
  if (input.source) out['org.opencontainers.image.source'] = input.source;
  return out;
}
