import { createHash } from 'node:crypto';
import { normalizeCallAlias, sanitizeCallAlias } from './call-alias';
import { ActorMetadata, buildClaims, Claims, MIN_WASCAP_INTERNAL_REVISION, WASCAP_INTERNAL_REVISION } from './claims';
import { InvalidClaimsOptionError, InvalidKeyError, InvalidModuleHashError, InvalidTokenError, MissingClaimsError } from './errors';
import { assertValidToken, decodeJwtForValidation, signClaimsJson, TokenValidation, ValidateOptions } from './jwt';
import { KeyPair } from './nkeys';
import { issueTime, sourceDateEpoch } from './source-date-epoch';
import { Chunks, concatChunks, customSection, findClaimsSection, parseWasm, SECTION_JWT, SECTION_WC_JWT, stripClaimsChunks } from './wasm-sections';

export interface SignActorOptions {
  /** Account key (A…); signs the token. */
  issuer: KeyPair;
  /** Module key (M…); the token's subject. */
  subject: KeyPair;
  name?: string;
  tags?: string[];
  caps?: string[];
  rev?: number;
  ver?: string;
  callAlias?: string;
  prov?: boolean;
  expiresInDays?: number;
  notBeforeInDays?: number;
  /** Write a `jwt` section without `wascap_revision`, for hosts on wascap <= 0.8. */
  legacy?: boolean;
  /** Read for SOURCE_DATE_EPOCH; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

function checkDays(value: number | undefined, flag: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
    throw new InvalidClaimsOptionError(`${flag} must be a whole number of days >= 0, got ${value}`);
  }
}

export function hashHex(chunks: Iterable<Uint8Array>): string {
  const h = createHash('sha256');
  for (const c of chunks) h.update(c);
  return h.digest('hex').toUpperCase();
}

/**
 * The checks on everything but the keys (days, rev, call alias), so a caller can refuse bad
 * options before it reads any input or resolves (and perhaps generates) keys. Returns the
 * normalized call alias.
 */
export function checkActorOptions(opts: Omit<SignActorOptions, 'issuer' | 'subject'>): string | undefined {
  checkDays(opts.expiresInDays, 'expires');
  checkDays(opts.notBeforeInDays, 'not-before');
  if (opts.rev !== undefined && (!Number.isInteger(opts.rev) || opts.rev < -(2 ** 31) || opts.rev >= 2 ** 31)) {
    throw new InvalidClaimsOptionError(`rev must be a 32-bit integer, got ${opts.rev}`);
  }
  return opts.callAlias === undefined ? undefined : normalizeCallAlias(sanitizeCallAlias(opts.callAlias));
}

/** Builds the actor claims JSON for a module whose stripped hash is `hash`. */
export function actorClaimsJson(hash: string, opts: SignActorOptions): { claims: Claims<ActorMetadata>; json: string } {
  if (opts.subject.role !== 'module') {
    throw new InvalidKeyError(`the subject of an actor must be a module key (M…), got ${opts.subject.publicKey} (${opts.subject.role})`);
  }
  if (!opts.issuer.hasSeed) throw new InvalidKeyError(`the issuer key ${opts.issuer.publicKey} has no seed, so it cannot sign`);
  const callAlias = checkActorOptions(opts);
  const metadata: ActorMetadata = {
    name: opts.name,
    hash,
    tags: opts.tags ?? [],
    caps: opts.caps ?? [],
    rev: opts.rev,
    ver: opts.ver,
    call_alias: callAlias,
    prov: opts.prov ?? false,
  };
  return buildClaims<ActorMetadata>(
    'actor',
    {
      iss: opts.issuer.publicKey,
      sub: opts.subject.publicKey,
      times: { iat: issueTime(opts.env), expiresInDays: opts.expiresInDays, notBeforeInDays: opts.notBeforeInDays },
      wascap: metadata,
      wascap_revision: opts.legacy ? undefined : WASCAP_INTERNAL_REVISION,
    },
    sourceDateEpoch(opts.env) !== undefined,
  );
}

/**
 * `wash claims token actor`: actor claims signed as a bare JWT, for no module; the hash is empty,
 * as wascap's `Claims::<Actor>::with_dates` leaves it.
 */
export async function signActorToken(opts: SignActorOptions): Promise<string> {
  return signClaimsJson(actorClaimsJson('', opts).json, opts.issuer);
}

export interface SignedChunks extends Chunks {
  jwt: string;
  claims: Claims<ActorMetadata>;
}

/** Signs from already-stripped chunks; the output is those chunks plus the claims section. */
export async function signStripped(stripped: Chunks, opts: SignActorOptions): Promise<SignedChunks> {
  const hash = hashHex(stripped.chunks);
  const { claims, json } = actorClaimsJson(hash, opts);
  const jwt = await signClaimsJson(json, opts.issuer);
  const section = customSection(opts.legacy ? SECTION_JWT : SECTION_WC_JWT, new TextEncoder().encode(jwt));
  return { chunks: [...stripped.chunks, section], length: stripped.length + section.length, jwt, claims };
}

/** wascap `embed_claims`: strip old claims, hash, sign, append. Re-signing replaces the claims. */
export async function signActor(wasm: Uint8Array, opts: SignActorOptions): Promise<Uint8Array> {
  return concatChunks(await signStripped(stripClaimsChunks(wasm), opts));
}

/** The claims a host reads, normalized to the modern shape. */
export interface ActorToken {
  jwt: string;
  /** `wascap` is always present here (built from the top level for the 2019 flat form). */
  claims: Claims<ActorMetadata> & { wascap: ActorMetadata } & Record<string, unknown>;
  /** `jwt` or `wasmcloud_jwt`. */
  section: string;
  /** The 2019 form with hash/tags/caps at the top level instead of a `wascap` object. */
  flat: boolean;
  /** Uppercase hex sha256 of the module without claims sections. */
  moduleHash: string;
  /** Whether `hash` was compared (see extractClaims). */
  hashChecked: boolean;
}

function toActorMetadata(raw: Record<string, unknown>): ActorMetadata {
  if (typeof raw.hash !== 'string') throw new InvalidTokenError(`invalid actor claims: 'hash' is missing or not a string`);
  const strings = (v: unknown, key: string): string[] | undefined => {
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new InvalidTokenError(`invalid actor claims: '${key}' is not a list of strings`);
    return v as string[];
  };
  const optional = <T>(v: unknown, type: string, key: string): T | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== type) throw new InvalidTokenError(`invalid actor claims: '${key}' is not a ${type}`);
    return v as T;
  };
  return {
    name: optional<string>(raw.name, 'string', 'name'),
    hash: raw.hash,
    tags: strings(raw.tags, 'tags'),
    caps: strings(raw.caps, 'caps'),
    rev: optional<number>(raw.rev, 'number', 'rev'),
    ver: optional<string>(raw.ver, 'string', 'ver'),
    call_alias: optional<string>(raw.call_alias, 'string', 'call_alias'),
    prov: optional<boolean>(raw.prov, 'boolean', 'prov') ?? false,
  };
}

/**
 * wascap `extract_claims`: picks the claims section, decodes it and checks the module hash. The
 * hash is compared for the legacy `jwt` form without a revision (wascap <= 0.8 always checked
 * it) and whenever `wascap_revision >= 3`; revisions 1-2 hashed differently, so they are skipped
 * exactly as wascap >= 0.10.1 does. Returns undefined for an unsigned module.
 */
export function extractClaims(wasm: Uint8Array): ActorToken | undefined {
  const binary = parseWasm(wasm);
  const found = findClaimsSection(wasm, binary);
  if (!found) return undefined;
  let jwt: string;
  try {
    jwt = new TextDecoder('utf-8', { fatal: true }).decode(found.data);
  } catch {
    throw new InvalidTokenError(`the ${found.name} section does not hold UTF-8 text`);
  }
  const { claims } = decodeJwtForValidation(jwt);
  let flat = false;
  let metadata: ActorMetadata;
  if (claims.wascap && typeof claims.wascap === 'object') {
    metadata = toActorMetadata(claims.wascap as Record<string, unknown>);
  } else if (claims.wascap === undefined && typeof claims.hash === 'string') {
    flat = true;
    metadata = toActorMetadata(claims as Record<string, unknown>);
  } else {
    throw new InvalidTokenError(`the ${found.name} section holds a token without actor metadata`);
  }
  const moduleHash = hashHex(stripClaimsChunks(wasm, binary).chunks);
  const revision = claims.wascap_revision ?? undefined;
  const hashChecked = revision === undefined ? found.name === SECTION_JWT : revision >= MIN_WASCAP_INTERNAL_REVISION;
  if (hashChecked && metadata.hash !== moduleHash) {
    throw new InvalidModuleHashError(`module hash mismatch: claims say ${metadata.hash}, the module's code hashes to ${moduleHash} (modified after signing?)`);
  }
  return { jwt, claims: { ...claims, wascap: metadata } as ActorToken['claims'], section: found.name, flat, moduleHash, hashChecked };
}

export interface VerifiedActor extends ActorToken {
  validation: TokenValidation;
}

/** What a host does before running an actor: extract (hash) then validate (signature, exp, nbf). */
export function verifyActor(wasm: Uint8Array, options: ValidateOptions = {}): VerifiedActor {
  const token = extractClaims(wasm);
  if (!token) throw new MissingClaimsError('the module is not signed: no jwt or wasmcloud_jwt custom section');
  return { ...token, validation: assertValidToken(token.jwt, options) };
}
