import { InvalidClaimsOptionError, InvalidTokenError } from './errors';
import { contentJti, randomJti } from './jti';

/** `wascap_revision` written since wascap 0.10.1; hashes are enforced from this revision on. */
export const WASCAP_INTERNAL_REVISION = 3;
export const MIN_WASCAP_INTERNAL_REVISION = 3;

/** Actor metadata (`wascap` object), JSON keys as wascap serializes them. */
export interface ActorMetadata {
  name?: string;
  hash: string;
  tags?: string[];
  caps?: string[];
  rev?: number;
  ver?: string;
  call_alias?: string;
  prov: boolean;
}

export interface ProviderMetadata {
  name: string | null;
  capid: string;
  vendor: string;
  rev?: number;
  ver?: string;
  target_hashes: Record<string, string>;
  config_schema?: unknown;
}

/** Account, operator and cluster metadata share this shape. */
export interface AccountMetadata {
  name: string | null;
  valid_signers: string[] | null;
}

export interface Claims<T = unknown> {
  exp?: number;
  jti: string;
  iat: number;
  iss: string;
  sub: string;
  nbf?: number;
  wascap?: T;
  wascap_revision?: number;
}

export type MetadataKind = 'actor' | 'provider' | 'account' | 'operator' | 'cluster';

function defined<T extends object>(entries: [keyof T & string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) if (v !== undefined) out[k] = v;
  return out;
}

/** serde_json without `preserve_order` stores objects in a BTreeMap: keys come out sorted. */
function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeysDeep((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/** The metadata object with wascap's struct field order and skip rules. */
export function orderMetadata(kind: MetadataKind, md: unknown): Record<string, unknown> {
  switch (kind) {
    case 'actor': {
      const a = md as ActorMetadata;
      return defined<ActorMetadata>([
        ['name', a.name],
        ['hash', a.hash],
        ['tags', a.tags],
        ['caps', a.caps],
        ['rev', a.rev],
        ['ver', a.ver],
        ['call_alias', a.call_alias],
        ['prov', a.prov ?? false],
      ]);
    }
    case 'provider': {
      const p = md as ProviderMetadata;
      return defined<ProviderMetadata>([
        ['name', p.name ?? null],
        ['capid', p.capid],
        ['vendor', p.vendor],
        ['rev', p.rev],
        ['ver', p.ver],
        ['target_hashes', { ...p.target_hashes }],
        ['config_schema', p.config_schema === undefined ? undefined : sortKeysDeep(p.config_schema)],
      ]);
    }
    default: {
      const a = md as AccountMetadata;
      return { name: a.name ?? null, valid_signers: a.valid_signers ?? null };
    }
  }
}

/** Compact JSON of the claims in wascap's field order (exp, jti, iat, iss, sub, nbf, wascap, wascap_revision). */
export function serializeClaims(kind: MetadataKind, claims: Claims): string {
  return JSON.stringify(
    defined<Claims>([
      ['exp', claims.exp],
      ['jti', claims.jti],
      ['iat', claims.iat],
      ['iss', claims.iss],
      ['sub', claims.sub],
      ['nbf', claims.nbf],
      ['wascap', claims.wascap === undefined ? undefined : orderMetadata(kind, claims.wascap)],
      ['wascap_revision', claims.wascap_revision],
    ]),
  );
}

export interface ClaimsTimes {
  iat: number;
  expiresInDays?: number;
  notBeforeInDays?: number;
}

const SECS_PER_DAY = 86400;

/** `days_from_now_to_jwt_time`, relative to the issue time so SOURCE_DATE_EPOCH makes it reproducible. */
export function daysFrom(iat: number, days: number | undefined): number | undefined {
  if (days === undefined) return undefined;
  const time = iat + days * SECS_PER_DAY;
  // Beyond 2^53 a JSON number loses digits (and from 1e21 becomes "1e+21", which wascap's u64 refuses).
  if (!Number.isSafeInteger(time)) throw new InvalidClaimsOptionError(`${days} days from now is past any representable time; give fewer days`);
  return time;
}

/**
 * Builds claims in order; with `reproducible`, `jti` is derived from the rest of the claims
 * instead of being random.
 */
export function buildClaims<T>(
  kind: MetadataKind,
  fields: { iss: string; sub: string; times: ClaimsTimes; wascap?: T; wascap_revision?: number },
  reproducible: boolean,
): { claims: Claims<T>; json: string } {
  const { iat, expiresInDays, notBeforeInDays } = fields.times;
  const claims: Claims<T> = {
    exp: daysFrom(iat, expiresInDays),
    jti: '',
    iat,
    iss: fields.iss,
    sub: fields.sub,
    nbf: daysFrom(iat, notBeforeInDays),
    wascap: fields.wascap,
    wascap_revision: fields.wascap_revision,
  };
  claims.jti = reproducible ? contentJti(serializeClaims(kind, claims)) : randomJti();
  return { claims, json: serializeClaims(kind, claims) };
}

/** Parses a claims JSON object; checks the fields every wascap version requires. */
export function parseClaimsJson(json: string): Claims<Record<string, unknown>> & Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new InvalidTokenError('invalid JWT: the claims segment is not JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InvalidTokenError('invalid JWT: the claims segment is not a JSON object');
  const c = value as Record<string, unknown>;
  for (const key of ['iss', 'sub', 'jti'] as const) {
    if (typeof c[key] !== 'string') throw new InvalidTokenError(`invalid JWT: claim '${key}' is missing or not a string`);
  }
  for (const key of ['iat', 'exp', 'nbf'] as const) {
    // wascap reads these as u64: a fraction, a negative number or 2^64 and more (1e20) fail there too.
    if (
      c[key] !== undefined &&
      c[key] !== null &&
      (typeof c[key] !== 'number' || !Number.isInteger(c[key]) || (c[key] as number) < 0 || (c[key] as number) >= 2 ** 64)
    ) {
      throw new InvalidTokenError(`invalid JWT: claim '${key}' is not a whole number of seconds from 0 to 2^64-1`);
    }
  }
  if (typeof c.iat !== 'number') throw new InvalidTokenError(`invalid JWT: claim 'iat' is missing`);
  if (c.wascap_revision !== undefined && c.wascap_revision !== null && (typeof c.wascap_revision !== 'number' || !Number.isInteger(c.wascap_revision))) {
    throw new InvalidTokenError(`invalid JWT: claim 'wascap_revision' is not an integer`);
  }
  return c as Claims<Record<string, unknown>> & Record<string, unknown>;
}
