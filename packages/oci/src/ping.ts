import { ConnectionOptions, connect } from './client-factory';
import { sha256Digest } from './digest';
import { OciError } from './errors';
import { parseReference } from './reference';
import { schemeFor } from './registry-client';

export interface PingOptions extends ConnectionOptions {
  /** A registry reference (`host/repo:tag` or `@sha256:...`). */
  reference: string;
}

/**
 * `wash reg ping`: asks the registry for the reference's manifest and nothing else, so a user can
 * check address, credentials and tag before a push or a deploy. Resolves with the manifest's
 * digest; a missing manifest, a refusal or an unreachable registry rejects as a pull would.
 */
export async function pingArtifact(options: PingOptions): Promise<{ reference: string; digest: string }> {
  const ref = parseReference(options.reference);
  if (!ref.tag && !ref.digest) throw new OciError(`Registry URLs must have explicit tag: '${options.reference}' has none`);
  const connection = await connect(ref.registry, schemeFor(ref.registry, options.insecure, options.env ?? process.env), options);
  try {
    const { bytes } = await connection.client.getManifest(ref.repository, ref.digest ?? ref.tag!);
    return { reference: ref.whole, digest: sha256Digest(bytes) };
  } finally {
    await connection.close();
  }
}
