import { HostUserError } from '../errors';
import type { LatticeHost } from '../lattice/lattice-host';
import { allowedInsecureFromEnv } from '../oci-source';
import type { LogEntry } from '../types';
import { extractProvider, resolveParFile } from './par-cache';
import { ParProvider, ProviderSupervision } from './par-provider';

export interface StartParProviderOptions extends ProviderSupervision {
  /** Default 'default'. */
  linkName?: string;
  /** HostData.config_json, handed to the provider as is. */
  configJson?: string;
  /** Environment of the provider process, also sent as HostData.env_values. */
  env?: Record<string, string>;
  defaultRpcTimeoutMs?: number;
  structuredLogging?: boolean;
  /** The PAR target to run; default this machine's (`x86_64-linux`, `aarch64-macos`, …). */
  target?: string;
  /** Where the PAR cache ($TMPDIR/wasmcloudcache) and the OCI cache are; default process.env. */
  cacheEnv?: NodeJS.ProcessEnv;
  ociAllowedInsecure?: string[];
  allowLatest?: boolean;
  /** The provider's output and the supervisor's reports, `actor` = the provider's name; default stderr "<name>: <text>". */
  log?: (entry: LogEntry) => void;
}

/**
 * Starts a capability provider from a provider archive (file, bytes or OCI reference) as a member
 * of `host`'s lattice: checks the archive (claims signature, target hashes), extracts this
 * machine's binary into the hosts' PAR cache, runs it with HostData on stdin and registers it with
 * the host (inventory, control interface, `close()` stops it). Resolves once the process runs;
 * `waitHealthy()` on the result waits for its first healthy answer.
 */
export async function startParProvider(host: LatticeHost, source: string | Uint8Array, options: StartParProviderOptions = {}): Promise<ParProvider> {
  const linkName = options.linkName || 'default';
  const env = options.cacheEnv ?? process.env;
  const par = await resolveParFile(source, {
    allowedInsecure: options.ociAllowedInsecure ?? allowedInsecureFromEnv(env),
    allowLatest: options.allowLatest ?? env.WASMCLOUD_OCI_ALLOW_LATEST === 'true',
    env,
  });
  let extracted;
  try {
    extracted = await extractProvider(par, linkName, { target: options.target, env });
  } finally {
    await par.cleanup();
  }
  const { claims } = extracted;
  if (host.providers().some((p) => p.publicKey === claims.subject && p.linkName === linkName)) {
    throw new HostUserError(
      `provider ${claims.name ?? claims.subject} (${claims.subject}) already runs on this host with link name ${linkName}: stop it first or give another link name`,
    );
  }
  const provider = new ParProvider({
    ...options,
    host,
    binary: extracted.binary,
    publicKey: claims.subject,
    contractId: claims.capid,
    linkName,
    name: claims.name ?? claims.subject,
  });
  provider.start();
  host.registerProvider(provider);
  return provider;
}
