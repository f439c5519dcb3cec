import { AccountMetadata, buildClaims, Claims, ProviderMetadata, WASCAP_INTERNAL_REVISION } from './claims';
import { InvalidClaimsOptionError, InvalidKeyError, InvalidTokenError } from './errors';
import { decodeJwt, signClaimsJson } from './jwt';
import { KeyPair, KeyRole } from './nkeys';
import { issueTime, sourceDateEpoch } from './source-date-epoch';

export interface ProviderClaimsOptions {
  /** Account key (A…). */
  issuer: KeyPair;
  /** Service key (V…). */
  subject: KeyPair;
  /** null/undefined serializes as `"name":null`, as wascap does. */
  name?: string | null;
  capid: string;
  vendor: string;
  rev?: number;
  ver?: string;
  /** target (e.g. `x86_64-linux`) -> uppercase hex sha256; emitted in the given order. */
  targetHashes: Record<string, string>;
  configSchema?: unknown;
  expiresInDays?: number;
  notBeforeInDays?: number;
  /** Omit `wascap_revision`, as wascap <= 0.8 (wash before 2023) wrote provider claims. */
  legacy?: boolean;
  env?: NodeJS.ProcessEnv;
}

function requireSigner(issuer: KeyPair): void {
  if (!issuer.hasSeed) throw new InvalidKeyError(`the issuer key ${issuer.publicKey} has no seed, so it cannot sign`);
}

/**
 * Provider archive claims (`claims.jwt` in a PAR). Like every wascap >= 0.9 constructor
 * (`Claims::<CapabilityProvider>::with_dates` in wascap's src/jwt.rs), it writes
 * `"wascap_revision":3` unless `legacy` is set. Keeps `capid`, which post-classic wascap dropped but
 * classic hosts require.
 */
export async function signProviderClaims(opts: ProviderClaimsOptions): Promise<string> {
  requireSigner(opts.issuer);
  if (opts.subject.role !== 'service') {
    throw new InvalidKeyError(`the subject of a provider must be a service key (V…), got ${opts.subject.publicKey} (${opts.subject.role})`);
  }
  if (!opts.capid) throw new InvalidClaimsOptionError('a provider needs a capability contract id (capid)');
  for (const [target, hash] of Object.entries(opts.targetHashes)) {
    if (!/^[0-9A-F]{64}$/.test(hash)) throw new InvalidClaimsOptionError(`target hash for ${target} must be 64 uppercase hex characters`);
  }
  const metadata: ProviderMetadata = {
    name: opts.name ?? null,
    capid: opts.capid,
    vendor: opts.vendor,
    rev: opts.rev,
    ver: opts.ver,
    target_hashes: opts.targetHashes,
    config_schema: opts.configSchema,
  };
  const { json } = buildClaims<ProviderMetadata>(
    'provider',
    {
      iss: opts.issuer.publicKey,
      sub: opts.subject.publicKey,
      times: { iat: issueTime(opts.env), expiresInDays: opts.expiresInDays, notBeforeInDays: opts.notBeforeInDays },
      wascap: metadata,
      wascap_revision: opts.legacy ? undefined : WASCAP_INTERNAL_REVISION,
    },
    sourceDateEpoch(opts.env) !== undefined,
  );
  return signClaimsJson(json, opts.issuer);
}

/** Decodes a provider token (no signature check; see validateToken). */
export function decodeProviderClaims(jwt: string): Claims<ProviderMetadata> {
  const { claims } = decodeJwt(jwt);
  const md = claims.wascap as Record<string, unknown> | undefined;
  if (!md || typeof md !== 'object' || typeof md.capid !== 'string' || !md.target_hashes || typeof md.target_hashes !== 'object') {
    throw new InvalidTokenError('invalid provider claims: the wascap metadata lacks capid or target_hashes');
  }
  return claims as unknown as Claims<ProviderMetadata>;
}

export interface EntityTokenOptions {
  issuer: KeyPair;
  subject: KeyPair;
  name?: string | null;
  validSigners?: string[] | null;
  expiresInDays?: number;
  notBeforeInDays?: number;
  /** Omit `wascap_revision` (wascap <= 0.8). */
  legacy?: boolean;
  env?: NodeJS.ProcessEnv;
}

async function entityToken(kind: 'account' | 'operator' | 'cluster', issuerRole: KeyRole, opts: EntityTokenOptions): Promise<string> {
  requireSigner(opts.issuer);
  if (opts.issuer.role !== issuerRole) throw new InvalidKeyError(`a ${kind} token is issued by an ${issuerRole} key, got ${opts.issuer.publicKey}`);
  if (opts.subject.role !== kind) throw new InvalidKeyError(`the subject of a ${kind} token must be a ${kind} key, got ${opts.subject.publicKey}`);
  const metadata: AccountMetadata = { name: opts.name ?? null, valid_signers: opts.validSigners ?? null };
  const { json } = buildClaims<AccountMetadata>(
    kind,
    {
      iss: opts.issuer.publicKey,
      sub: opts.subject.publicKey,
      times: { iat: issueTime(opts.env), expiresInDays: opts.expiresInDays, notBeforeInDays: opts.notBeforeInDays },
      wascap: metadata,
      wascap_revision: opts.legacy ? undefined : WASCAP_INTERNAL_REVISION,
    },
    sourceDateEpoch(opts.env) !== undefined,
  );
  return signClaimsJson(json, opts.issuer);
}

/** `wash claims token account`: operator-issued account token. */
export function signAccountToken(opts: EntityTokenOptions): Promise<string> {
  return entityToken('account', 'operator', opts);
}

/** `wash claims token operator`: self-signed (pass the same operator key as issuer and subject). */
export function signOperatorToken(opts: EntityTokenOptions): Promise<string> {
  return entityToken('operator', 'operator', opts);
}
