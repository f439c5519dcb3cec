import { resolveCredentials } from './credentials';
import { RegistryClient } from './registry-client';
import { RetryPolicy } from './retry';
import { Transport } from './transport';

/** Connection options shared by push and pull. */
export interface ConnectionOptions {
  /** Plain HTTP for this registry (wash --insecure). */
  insecure?: boolean;
  /** Explicit credentials (wash -u/-p); used only when both are given, as wash does. */
  credentials?: { username?: string; password?: string };
  /** A PEM CA file trusted in addition to the system CAs. */
  caFile?: string;
  env?: NodeJS.ProcessEnv;
  retry?: RetryPolicy;
  /** Debug lines (requests and statuses; never headers or secrets). */
  debug?: (line: string) => void;
  /** A connection silent this long (ms) is dropped and the step retried; default 60 000. */
  idleTimeoutMs?: number;
  /** Called before each retry, e.g. to print "retrying ... in 500 ms". */
  onRetry?: (info: { what: string; attempt: number; delayMs: number; reason: string }) => void;
}

export async function connect(
  registry: string,
  scheme: 'http' | 'https',
  opts: ConnectionOptions,
  tuning: { chunkSize?: number; monolithicMax?: number } = {},
) {
  const env = opts.env ?? process.env;
  const credentials = await resolveCredentials(registry, { ...opts.credentials, env });
  const transport = new Transport({ caFile: opts.caFile, env, debug: opts.debug, idleTimeoutMs: opts.idleTimeoutMs });
  const client = new RegistryClient({ registry, scheme, credentials, transport, retry: opts.retry, onRetry: opts.onRetry, ...tuning });
  return { client, close: () => transport.close() };
}
