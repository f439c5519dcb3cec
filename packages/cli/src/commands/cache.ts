import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { READ_TOKEN_ENV, serveNxCache, TOKEN_ENV, tokensFromEnv, NX_TOKEN_ENV, type CacheTokens } from '@nx-wasmcloud/oci';
import { UsageError } from '../errors';
import { Io } from '../output';
import { flagCredentials } from './registry-credentials';

export const DEFAULT_CACHE_PORT = 4650;

interface ServeFlags {
  registry: string;
  port: string;
  host: string;
  readOnly?: boolean;
  tokenFile?: string;
  readTokenFile?: string;
  user?: string;
  passwordStdin?: boolean;
  insecure?: boolean;
  caFile?: string;
}

/** Resolves when the process is asked to stop; tests replace it. */
export const serveHooks = {
  until: (): Promise<void> =>
    new Promise((resolve) => {
      const done = () => {
        for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, done);
        resolve();
      };
      for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(s, done);
    }),
};

function readToken(file: string, flag: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${flag} ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const token = text.trim();
  if (!token || /\s/.test(token)) throw new UsageError(`${flag} ${file}: expected one token on one line`);
  return token;
}

/** Token files win over the environment; a token is never taken from argv (visible in `ps`). */
function tokens(io: Io, flags: ServeFlags): CacheTokens {
  const fromEnv = tokensFromEnv(io.env);
  const result = {
    readWrite: flags.tokenFile ? readToken(flags.tokenFile, '--token-file') : fromEnv.readWrite,
    readOnly: flags.readTokenFile ? readToken(flags.readTokenFile, '--read-token-file') : fromEnv.readOnly,
  };
  if (result.readWrite && result.readWrite === result.readOnly)
    throw new UsageError('the read-only token equals the read-write token: give it a value of its own');
  return result;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port ${value}: expected a port number (0-65535; 0 picks a free one)`);
  return n;
}

/** `cache serve`: Nx's self-hosted remote cache API with the records in an OCI repository. Thin over serveNxCache. */
export function registerCache(program: Command, io: Io): void {
  const cache = program.command('cache').description("Nx's remote cache kept in an OCI registry");
  cache
    .command('serve')
    .description(
      `serve Nx's self-hosted remote cache API (NX_SELF_HOSTED_REMOTE_CACHE_SERVER) with each record an OCI artifact in --registry. ` +
        `Tokens: ${TOKEN_ENV} (read-write; else ${NX_TOKEN_ENV}) and ${READ_TOKEN_ENV} (read-only), or --token-file/--read-token-file; none means no auth (loopback only)`,
    )
    .requiredOption('--registry <host[:port]/repository>', 'OCI repository holding the records (e.g. ghcr.io/acme/nx-cache)')
    .option('--port <n>', 'port to listen on (0 picks a free one)', String(DEFAULT_CACHE_PORT))
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--read-only', 'serve records but never store one (PUT answers 403)')
    .option('--token-file <file>', `file holding the read-write bearer token (instead of ${TOKEN_ENV})`)
    .option('--read-token-file <file>', `file holding the read-only bearer token (instead of ${READ_TOKEN_ENV})`)
    .option('-u, --user <user>', 'registry user (env WASH_REG_USER; else docker config and credential helpers)')
    .option('--password-stdin', 'read the registry password from standard input (env WASH_REG_PASSWORD)')
    .option('--insecure', 'plain HTTP to the registry (local registries only)')
    .option('--ca-file <file>', 'PEM CA certificate trusted in addition to the system CAs')
    .action(async (flags: ServeFlags) => {
      const t = tokens(io, flags);
      const password = flags.passwordStdin ? (await io.readStdin()).replace(/\r?\n$/, '') : undefined;
      const served = await serveNxCache({
        repository: flags.registry,
        tokens: t,
        readOnly: flags.readOnly,
        host: flags.host,
        port: port(flags.port),
        insecure: flags.insecure,
        caFile: flags.caFile,
        credentials: flagCredentials(io, flags.user, password),
        env: io.env,
        log: (line) => io.out(line),
      });
      const auth =
        t.readWrite || t.readOnly
          ? [t.readWrite && 'read-write token', t.readOnly && 'read-only token'].filter(Boolean).join(' and ')
          : 'no token: anyone who can reach it may read and write';
      io.out(`Nx remote cache listening on ${served.url}, records in ${served.repository}${flags.readOnly ? ' (read-only)' : ''} (${auth})`);
      io.out(`Point Nx at it: NX_SELF_HOSTED_REMOTE_CACHE_SERVER=${served.url}`);
      try {
        await serveHooks.until();
      } finally {
        await served.stop();
      }
    });
}
