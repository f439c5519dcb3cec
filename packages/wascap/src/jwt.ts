import { Claims, MetadataKind, parseClaimsJson, serializeClaims } from './claims';
import { InvalidKeyError, InvalidSignatureError, InvalidTokenError, TokenExpiredError, TokenNotYetValidError, WascapError } from './errors';
import { issuerKey } from './issuer-keys';
import { KeyPair } from './nkeys';

export const HEADER_TYPE = 'jwt';
export const HEADER_ALGORITHM = 'Ed25519';
/** base64url of `{"typ":"jwt","alg":"Ed25519"}`, the header of every wascap token. */
export const ENCODED_HEADER = 'eyJ0eXAiOiJqd3QiLCJhbGciOiJFZDI1NTE5In0';

const SEGMENT = /^[A-Za-z0-9_-]*$/;

/**
 * Signs an exact claims JSON payload as a wascap JWT. jose serializes the protected header with
 * JSON.stringify, so the literal's key order (typ, alg) is what goes on the wire.
 */
export async function signClaimsJson(claimsJson: string | Uint8Array, issuer: KeyPair): Promise<string> {
  if (issuer.role === 'curve') throw new InvalidKeyError('curve (X25519) keys cannot sign tokens');
  const payload = typeof claimsJson === 'string' ? new TextEncoder().encode(claimsJson) : claimsJson;
  // Loaded here, not at the top: decoding and verifying need no jose, and reading claims (pushing,
  // inspecting, the plugin's graph) should not pay for loading its ESM module graph.
  const { CompactSign } = await import('jose');
  return new CompactSign(payload).setProtectedHeader({ typ: HEADER_TYPE, alg: HEADER_ALGORITHM }).sign(issuer.privateKeyObject);
}

export async function encodeClaims(kind: MetadataKind, claims: Claims, issuer: KeyPair): Promise<string> {
  if (claims.iss !== issuer.publicKey) throw new InvalidTokenError(`claims issuer ${claims.iss} is not the signing key ${issuer.publicKey}`);
  return signClaimsJson(serializeClaims(kind, claims), issuer);
}

export interface DecodedJwt {
  header: { typ: unknown; alg: unknown } & Record<string, unknown>;
  claims: ReturnType<typeof parseClaimsJson>;
  /** base64url segments as found. */
  segments: [string, string, string];
  /** The claims JSON text exactly as signed. */
  claimsJson: string;
}

function decodeSegment(segment: string, what: string): string {
  // A length of 1 mod 4 cannot come from any byte string; Buffer would drop the stray character.
  if (!SEGMENT.test(segment) || segment.length % 4 === 1) throw new InvalidTokenError(`invalid JWT: the ${what} segment is not unpadded base64url`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(segment, 'base64url'));
  } catch {
    throw new InvalidTokenError(`invalid JWT: the ${what} segment does not decode to UTF-8`);
  }
}

/** Splits and decodes a token without checking its signature (wascap `Claims::decode`). */
export function decodeJwt(jwt: string): DecodedJwt {
  const segments = jwt.split('.');
  if (segments.length !== 3) throw new InvalidTokenError(`invalid JWT: expected 3 segments, found ${segments.length}`);
  let header: unknown;
  try {
    header = JSON.parse(decodeSegment(segments[0], 'header'));
  } catch (e) {
    if (e instanceof WascapError) throw e;
    throw new InvalidTokenError('invalid JWT: the header is not JSON');
  }
  if (!header || typeof header !== 'object') throw new InvalidTokenError('invalid JWT: the header is not a JSON object');
  const claimsJson = decodeSegment(segments[1], 'claims');
  return {
    header: header as DecodedJwt['header'],
    claims: parseClaimsJson(claimsJson),
    segments: segments as [string, string, string],
    claimsJson,
  };
}

export interface TokenValidation {
  expired: boolean;
  cannotUseYet: boolean;
  signatureValid: boolean;
  /** "never", "in 3days" / "2h ago" style, like wascap's humantime output. */
  expiresHuman: string;
  notBeforeHuman: string;
}

export interface ValidateOptions {
  /** Unix seconds; defaults to the clock. */
  now?: number;
}

/**
 * The token extractClaims decoded last. A host extracts an actor's claims and then validates the same
 * token: the validation takes this decode instead of parsing the token again. Taken once (cleared),
 * and the validation reads only its header and top-level primitives (iss, sub, exp, nbf), which
 * extractClaims hands out copied, so no caller can change what a later check sees.
 */
let lastDecoded: { jwt: string; decoded: DecodedJwt } | undefined;

/** decodeJwt, remembered for the validation of the same token that follows (see lastDecoded). */
export function decodeJwtForValidation(jwt: string): DecodedJwt {
  const decoded = decodeJwt(jwt);
  lastDecoded = { jwt, decoded };
  return decoded;
}

function takeDecoded(jwt: string): DecodedJwt {
  const last = lastDecoded;
  lastDecoded = undefined;
  return last && last.jwt === jwt ? last.decoded : decodeJwt(jwt);
}

/** What validateToken checks before the signature, the signature's inputs, and the verdict from its result. */
function prepareValidation(jwt: string, options: ValidateOptions) {
  const decoded = takeDecoded(jwt);
  const { header, claims, segments } = decoded;
  if (header.alg !== HEADER_ALGORITHM) throw new InvalidTokenError(`invalid JWT: header alg is ${JSON.stringify(header.alg)}, expected "Ed25519"`);
  if (header.typ !== HEADER_TYPE) throw new InvalidTokenError(`invalid JWT: header typ is ${JSON.stringify(header.typ)}, expected "jwt"`);
  if (!claims.iss) throw new InvalidTokenError('invalid JWT: missing issuer (iss)');
  if (!claims.sub) throw new InvalidTokenError('invalid JWT: missing subject (sub)');
  if (!SEGMENT.test(segments[2]) || segments[2].length % 4 === 1) throw new InvalidTokenError('invalid JWT: the signature segment is not unpadded base64url');
  const issuer = issuerKey(claims.iss);
  const signature = Buffer.from(segments[2], 'base64url');
  const signingInput = Buffer.from(`${segments[0]}.${segments[1]}`);
  const finish = (signatureValid: boolean): TokenValidation => {
    const now = options.now ?? Math.floor(Date.now() / 1000);
    const exp = claims.exp ?? undefined;
    const nbf = claims.nbf ?? undefined;
    return {
      signatureValid,
      expired: exp !== undefined && exp < now,
      cannotUseYet: nbf !== undefined && now < nbf,
      expiresHuman: exp === undefined ? 'never' : relativeTime(exp, now),
      notBeforeHuman: nbf === undefined ? 'immediately' : relativeTime(nbf, now),
    };
  };
  return { claims, issuer, signature, signingInput, finish };
}

/**
 * wascap `validate_token`: header must be typ `jwt` / alg `Ed25519` (else an error), `iss` and
 * `sub` non-empty; reports signature, expiry and not-before as flags.
 */
export function validateToken(jwt: string, options: ValidateOptions = {}): TokenValidation {
  const p = prepareValidation(jwt, options);
  return p.finish(p.issuer.verify(p.signingInput, p.signature));
}

/** The typed error for the first check a host would reject on. */
function assertValidation(v: TokenValidation, claims: Claims): TokenValidation {
  if (!v.signatureValid) throw new InvalidSignatureError(`JWT signature does not verify with the issuer key ${claims.iss}`);
  if (v.expired) throw new TokenExpiredError(`token expired ${v.expiresHuman} (exp ${claims.exp})`);
  if (v.cannotUseYet) throw new TokenNotYetValidError(`token is not valid until ${v.notBeforeHuman} (nbf ${claims.nbf})`);
  return v;
}

/** validateToken, throwing a typed error for the first check a host would reject on. */
export function assertValidToken(jwt: string, options: ValidateOptions = {}): TokenValidation {
  const p = prepareValidation(jwt, options);
  return assertValidation(p.finish(p.issuer.verify(p.signingInput, p.signature)), p.claims);
}

/**
 * assertValidToken with the Ed25519 verification on libuv's thread pool, so the calling thread
 * can do other work meanwhile (a host compiles the actor while its signature is checked). The
 * checks, their order and the errors are assertValidToken's; malformed tokens throw synchronously.
 */
export function assertValidTokenAsync(jwt: string, options: ValidateOptions = {}): Promise<TokenValidation> {
  const p = prepareValidation(jwt, options);
  return p.issuer.verifyAsync(p.signingInput, p.signature).then((valid) => assertValidation(p.finish(valid), p.claims));
}

/** The latest instant a JS Date holds: 8.64e15 ms after 1970 (year 275760). */
const MAX_DATE_SECONDS = 8.64e12;

/**
 * A claims time (unix seconds) as an ISO 8601 UTC string. A u64 time past year 275760 is valid in
 * a token but has no Date: it is shown as its number instead of throwing `Invalid time value`.
 */
export function formatUnixTime(seconds: number): string {
  if (!Number.isFinite(seconds) || Math.abs(seconds) > MAX_DATE_SECONDS) return `${seconds} seconds after 1970 (beyond year 275760)`;
  return new Date(seconds * 1000).toISOString();
}

/** Rounded like wascap's `stamp_to_human` (days, hours, minutes, seconds). */
export function relativeTime(stamp: number, now: number): string {
  const diff = Math.abs(now - stamp);
  const units: [number, string][] = [
    [86400, 'day'],
    [3600, 'h'],
    [60, 'm'],
    [1, 's'],
  ];
  let text = '';
  for (const [size, unit] of units) {
    if (diff >= size) {
      const n = Math.floor(diff / size);
      text = unit === 'day' ? `${n}day${n === 1 ? '' : 's'}` : `${n}${unit}`;
      break;
    }
  }
  if (!text) text = '0s';
  return now > stamp ? `${text} ago` : `in ${text}`;
}
