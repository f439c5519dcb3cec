import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { hostCachePaths, OciError, parseReference, pullArtifact, resolveCredentials } from '@nx-wasmcloud/oci';
import { HostUserError } from './errors';

export interface OciSourceOptions {
  /** Registries (`host:port`) that may be plain HTTP and anonymous. */
  allowedInsecure: string[];
  allowLatest: boolean;
  /** Default: the hosts' cache dir ($TMPDIR/wasmcloud_ocicache), shared with wash and `drain oci`. */
  cacheDir?: string;
  env?: NodeJS.ProcessEnv;
}

/** `WASMCLOUD_OCI_ALLOWED_INSECURE`, comma-separated `host:port`. */
export function allowedInsecureFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.WASMCLOUD_OCI_ALLOWED_INSECURE ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

export function cacheFiles(reference: string, options: Pick<OciSourceOptions, 'cacheDir' | 'env'>): { bin: string; digest: string } {
  const paths = hostCachePaths(reference, options.env);
  if (!options.cacheDir) return paths;
  return { bin: join(options.cacheDir, basename(paths.bin)), digest: join(options.cacheDir, basename(paths.digest)) };
}

/**
 * An actor from a registry, as the hosts fetch it: a reference is fetched once into the hosts'
 * cache and reused (references are meant to be immutable) until `drain oci` empties the cache.
 * Plain HTTP and anonymous access are refused unless the registry is allowed as insecure.
 */
export async function pullActorBytes(reference: string, options: OciSourceOptions): Promise<{ bytes: Uint8Array; fromCache: boolean }> {
  const env = options.env ?? process.env;
  let ref;
  try {
    ref = parseReference(reference);
  } catch (e) {
    throw new HostUserError(`${reference}: ${(e as Error).message}`);
  }
  if (!ref.digest && !options.allowLatest && (!ref.tag || ref.tag === 'latest')) {
    throw new HostUserError(
      `${reference}: refusing the 'latest' tag (references must be immutable): give an explicit tag or a digest, or allow latest (WASMCLOUD_OCI_ALLOW_LATEST=true)`,
    );
  }
  const cache = cacheFiles(reference, options);
  if (existsSync(cache.bin)) return { bytes: new Uint8Array(await readFile(cache.bin)), fromCache: true };

  const insecure = options.allowedInsecure.map((s) => s.toLowerCase()).includes(ref.registry.toLowerCase());
  if (!insecure && !(await resolveCredentials(ref.registry, { env }))) {
    throw new HostUserError(
      `${reference}: refusing anonymous access to ${ref.registry}: set WASH_REG_USER/WASH_REG_PASSWORD or docker credentials, or list the registry in WASMCLOUD_OCI_ALLOWED_INSECURE`,
    );
  }
  let digest: string;
  try {
    ({ digest } = await pullArtifact({ reference, destination: cache.bin, insecure, allowLatest: true, env, validate: true }));
  } catch (e) {
    if (e instanceof OciError) throw new HostUserError(`${reference}: ${e.message}`);
    throw e;
  }
  // The .digest file beside the .bin, as the hosts write it (read by `wash` and our pull).
  const tmp = `${cache.digest}.${process.pid}.tmp`;
  await writeFile(tmp, digest);
  await rename(tmp, cache.digest);
  return { bytes: new Uint8Array(await readFile(cache.bin)), fromCache: false };
}
