import { CachedDigest, defaultDigestCachePath, storeWrittenDigest } from './digest-cache';

export interface RememberOptions {
  /** The digest cache pushArtifact reads (same default: ~/.cache/nx-wasmcloud/oci-digests.json). */
  digestCache?: string | false;
  env?: NodeJS.ProcessEnv;
}

/**
 * For the tool that just wrote an artifact (the par executor, after createPar): records its digest
 * and kind, so the next push of the unchanged file skips hashing it and, for a .par.gz, inflating
 * every binary to validate it, which costs more than the upload itself on a local registry.
 */
export async function rememberArtifact(file: string, artifact: CachedDigest, options: RememberOptions = {}): Promise<void> {
  if (options.digestCache === false) return;
  await storeWrittenDigest(options.digestCache ?? defaultDigestCachePath(options.env ?? process.env), file, artifact);
}
