import { timingSafeEqual } from 'node:crypto';
import { OciError } from '../errors';

/** What a request's bearer token allows. */
export type Access = 'read-write' | 'read' | 'none';

export interface CacheTokens {
  /** May GET and PUT. */
  readWrite?: string;
  /** May only GET (a PR's CI job: it may use main's records but never write one). */
  readOnly?: string;
}

/**
 * Where `cache serve` takes its tokens from: env only (argv is visible in `ps`). The read-write
 * token falls back to NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN, the variable Nx itself sends, so
 * one variable configures both ends of a local setup.
 */
export const TOKEN_ENV = 'NX_CACHE_SERVER_TOKEN';
export const READ_TOKEN_ENV = 'NX_CACHE_SERVER_READ_TOKEN';
export const NX_TOKEN_ENV = 'NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN';

export function tokensFromEnv(env: NodeJS.ProcessEnv): CacheTokens {
  const tokens: CacheTokens = {
    readWrite: env[TOKEN_ENV] || env[NX_TOKEN_ENV] || undefined,
    readOnly: env[READ_TOKEN_ENV] || undefined,
  };
  if (tokens.readWrite && tokens.readWrite === tokens.readOnly) {
    throw new OciError(`${READ_TOKEN_ENV} equals the read-write token: give the read-only token a value of its own`);
  }
  return tokens;
}

function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // Constant time, so response timing does not reveal how much of a guess was right.
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The access an `Authorization` header grants. With no tokens configured, everyone may read and write. */
export function accessFor(authorization: string | undefined, tokens: CacheTokens): Access {
  if (!tokens.readWrite && !tokens.readOnly) return 'read-write';
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) return 'none';
  if (tokens.readWrite && same(m[1], tokens.readWrite)) return 'read-write';
  if (tokens.readOnly && same(m[1], tokens.readOnly)) return 'read';
  return 'none';
}
