import { createHash, randomFillSync, randomUUID, sign as edSign, webcrypto } from 'node:crypto';
import { decodeJwt, ENCODED_HEADER, HEADER_ALGORITHM, HEADER_TYPE, KeyPair, WASCAP_INTERNAL_REVISION } from '@nx-wasmcloud/wascap';
import { Invocation, WasmCloudEntity } from './envelopes';
import { entityUrl, targetUrl } from './urls';

/**
 * Anti-forgery as otp `inv.rs` (v0.59.0) and weld `rpc_client.rs` do it: every invocation carries a
 * wascap JWT signed with a cluster seed whose `wascap` metadata binds the target URL, the origin URL
 * and a hash of the body. The error strings are otp's, verbatim, because callers match on them.
 */
export const INVOCATION_ERRORS = {
  expired: 'Invocation claims token expired',
  signature: 'Invocation claims signature invalid',
  notYet: 'Attempt to use invocation before claims token allows',
  noMetadata: 'No wascap metadata found on claims',
  issuer: 'Issuer of this invocation is not among the list of valid issuers',
  targetUrl: 'Invocation claims and invocation target URL do not match',
  originUrl: 'Invocation claims and invocation origin URL do not match',
} as const;

/** weld/otp `invocation_hash`: HEXUPPER(sha256(origin_url ‖ target_url ‖ operation ‖ msg)). */
export function invocationHash(target: string, origin: string, operation: string, msg: Uint8Array): string {
  return createHash('sha256').update(origin).update(target).update(operation).update(msg).digest('hex').toUpperCase();
}

/** weld `make_uuid`: a v4 UUID, lower-case hex without dashes. */
export function newInvocationId(): string {
  return randomUUID().replaceAll('-', '');
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
// Random bytes for jti drawn from a pool refilled once per 186 tokens: one randomBytes call per
// token showed up in the caller's profile.
const pool = Buffer.alloc(22 * 186);
let poolAt = pool.length;
/** wascap uses a nuid (22 base62 characters) as `jti`. */
function nuidLike(): string {
  if (poolAt + 22 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  let s = '';
  for (let i = poolAt; i < poolAt + 22; i++) s += BASE62[pool[i] % 62];
  poolAt += 22;
  return s;
}

export interface InvocationClaimsOptions {
  /** The cluster key pair (seed SC…): its public key C… is the issuer. */
  clusterKey: KeyPair;
  /** Invocation id; the claims' subject. */
  id: string;
  target: string;
  origin: string;
  hash: string;
  /** Unix seconds; default now. */
  issuedAt?: number;
  notBefore?: number;
  expires?: number;
}

/** wascap `Claims::<Invocation>::new(...).encode(kp)`: field order exp, jti, iat, iss, sub, nbf, wascap, wascap_revision. */
export function encodeInvocationClaims(o: InvocationClaimsOptions): string {
  if (o.clusterKey.role !== 'cluster')
    throw new Error(`invocations are signed with a cluster seed (SC…), not ${o.clusterKey.role} key ${o.clusterKey.publicKey}`);
  const claims: Record<string, unknown> = {};
  if (o.expires !== undefined) claims.exp = o.expires;
  claims.jti = nuidLike();
  claims.iat = o.issuedAt ?? Math.floor(Date.now() / 1000);
  claims.iss = o.clusterKey.publicKey;
  claims.sub = o.id;
  if (o.notBefore !== undefined) claims.nbf = o.notBefore;
  claims.wascap = { target_url: o.target, origin_url: o.origin, hash: o.hash };
  claims.wascap_revision = WASCAP_INTERNAL_REVISION;
  // The header is wascap's fixed one; signing the compact form directly keeps this synchronous.
  const signingInput = `${ENCODED_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  // node:crypto on the cached KeyObject directly: KeyPair.sign would copy the signature twice more.
  const signature = edSign(null, Buffer.from(signingInput), o.clusterKey.privateKeyObject).toString('base64url');
  return `${signingInput}.${signature}`;
}

export interface SignInvocationOptions {
  clusterKey: KeyPair;
  /** The sending host's server key (N…). */
  hostId: string;
  origin: WasmCloudEntity;
  target: WasmCloudEntity;
  operation: string;
  msg: Uint8Array;
  id?: string;
}

/** A complete, signed invocation carrying the whole body (the chunking layer may move it out). */
export function signInvocation(o: SignInvocationOptions): Invocation {
  const id = o.id ?? newInvocationId();
  const target = targetUrl(o.target, o.operation);
  const origin = entityUrl(o.origin);
  const encoded_claims = encodeInvocationClaims({ clusterKey: o.clusterKey, id, target, origin, hash: invocationHash(target, origin, o.operation, o.msg) });
  return { origin: o.origin, target: o.target, operation: o.operation, msg: o.msg, id, encoded_claims, host_id: o.hostId, content_length: o.msg.length };
}

/**
 * Parsed public keys, by key. Node's createPublicKey costs about 0.2 ms, more than the signature
 * check itself, and a lattice sees the same few issuers and host ids over and over. Bounded, so a
 * stream of made-up keys cannot grow it.
 */
const keyCache = new Map<string, KeyPair | null>();
const KEY_CACHE_LIMIT = 1024;
function parsedKey(publicKey: string): KeyPair | null {
  let key = keyCache.get(publicKey);
  if (key === undefined) {
    try {
      key = KeyPair.fromPublicKey(publicKey);
    } catch {
      key = null;
    }
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.delete(keyCache.keys().next().value as string);
    keyCache.set(publicKey, key);
  }
  return key;
}

function isServerKey(id: string): boolean {
  return parsedKey(id)?.role === 'server';
}

const SEGMENT = /^[A-Za-z0-9_-]*$/;

interface TokenParts {
  claims: ReturnType<typeof decodeJwt>['claims'];
  issuer: KeyPair;
  signingInput: Buffer;
  signature: Buffer;
}

/**
 * wascap's validate_token (as @nx-wasmcloud/wascap's validateToken implements it: header typ/alg,
 * iss and sub present, signature, exp, nbf) over one decode, with the issuer key from the cache;
 * everything but the signature check itself, which the callers do (in this thread or off it).
 */
function tokenParts(jwt: string): TokenParts {
  const { header, claims, segments } = decodeJwt(jwt);
  if (header.alg !== HEADER_ALGORITHM) throw new Error(`invalid JWT: header alg is ${JSON.stringify(header.alg)}, expected "Ed25519"`);
  if (header.typ !== HEADER_TYPE) throw new Error(`invalid JWT: header typ is ${JSON.stringify(header.typ)}, expected "jwt"`);
  if (!claims.iss) throw new Error('invalid JWT: missing issuer (iss)');
  if (!claims.sub) throw new Error('invalid JWT: missing subject (sub)');
  if (!SEGMENT.test(segments[2]) || segments[2].length % 4 === 1) throw new Error('invalid JWT: the signature segment is not unpadded base64url');
  const issuer = parsedKey(claims.iss);
  if (!issuer) throw new Error(`invalid nkey public key ${claims.iss}`);
  return {
    claims,
    issuer,
    signingInput: Buffer.from(jwt.slice(0, segments[0].length + 1 + segments[1].length)),
    signature: Buffer.from(segments[2], 'base64url'),
  };
}

/**
 * otp `Invocation::validate_antiforgery`, in its order, once the signature has been checked. The
 * hash is skipped when msg is empty (the body went through the object store, whose own digests
 * protect it). Unlike otp, whose host-id test (`!starts_with('N') && len != 56`) only refuses ids
 * that fail both halves, the host id must be a valid server key (as the Rust host does).
 */
function judge(inv: Invocation, issuers: readonly string[], claims: TokenParts['claims'], signatureValid: boolean, now: number): string | undefined {
  const exp = claims.exp ?? undefined;
  const nbf = claims.nbf ?? undefined;
  if (exp !== undefined && exp < now) return INVOCATION_ERRORS.expired;
  if (!signatureValid) return INVOCATION_ERRORS.signature;
  if (nbf !== undefined && now < nbf) return INVOCATION_ERRORS.notYet;
  const md = claims.wascap;
  if (md === undefined || md === null) return INVOCATION_ERRORS.noMetadata;
  if (typeof md !== 'object' || typeof md.target_url !== 'string' || typeof md.origin_url !== 'string' || typeof md.hash !== 'string') {
    return 'invalid JWT: the wascap invocation metadata needs string target_url, origin_url and hash';
  }
  const target = targetUrl(inv.target, inv.operation);
  const origin = entityUrl(inv.origin);
  if (inv.msg.length > 0) {
    const hash = invocationHash(target, origin, inv.operation, inv.msg);
    if (md.hash !== hash) return `Invocation hash does not match signed claims hash (${md.hash} / ${hash})`;
  }
  if (!isServerKey(inv.host_id)) return `Invalid host ID on invocation: '${inv.host_id}'`;
  if (!issuers.includes(claims.iss)) return INVOCATION_ERRORS.issuer;
  if (md.target_url !== target) return INVOCATION_ERRORS.targetUrl;
  if (md.origin_url !== origin) return INVOCATION_ERRORS.originUrl;
  return undefined;
}

/**
 * otp `Invocation::validate_antiforgery`: returns the error string, or undefined when the
 * invocation is genuine. The Ed25519 check runs in this thread.
 */
export function validateInvocation(inv: Invocation, issuers: readonly string[], now?: number): string | undefined {
  const at = now ?? Math.floor(Date.now() / 1000);
  let t: TokenParts;
  try {
    t = tokenParts(inv.encoded_claims);
  } catch (e) {
    return (e as Error).message;
  }
  return judge(inv, issuers, t.claims, t.issuer.verify(t.signingInput, t.signature), at);
}

/** WebCrypto keys by issuer, for checks in libuv's thread pool; bounded like the key cache. */
const cryptoKeys = new Map<string, Promise<webcrypto.CryptoKey>>();
function cryptoKey(issuer: KeyPair): Promise<webcrypto.CryptoKey> {
  let key = cryptoKeys.get(issuer.publicKey);
  if (key === undefined) {
    key = webcrypto.subtle.importKey('spki', issuer.publicKeyObject.export({ format: 'der', type: 'spki' }), { name: 'Ed25519' }, false, ['verify']);
    if (cryptoKeys.size >= KEY_CACHE_LIMIT) cryptoKeys.delete(cryptoKeys.keys().next().value as string);
    cryptoKeys.set(issuer.publicKey, key);
  }
  return key;
}

/**
 * validateInvocation with the same checks, order and strings, but the Ed25519 verification (the
 * bulk of its cost: ~0.2 ms of OpenSSL per token on a busy core) runs in libuv's thread pool, so a
 * host keeps reading and answering NATS while invocations are being checked, and checks several at
 * once on several cores.
 */
export async function validateInvocationAsync(inv: Invocation, issuers: readonly string[], now?: number): Promise<string | undefined> {
  const at = now ?? Math.floor(Date.now() / 1000);
  let t: TokenParts;
  try {
    t = tokenParts(inv.encoded_claims);
  } catch (e) {
    return (e as Error).message;
  }
  let signatureValid = false;
  if (t.issuer.role !== 'curve' && t.signature.length === 64) {
    try {
      signatureValid = await webcrypto.subtle.verify({ name: 'Ed25519' }, await cryptoKey(t.issuer), t.signature, t.signingInput);
    } catch {
      signatureValid = false;
    }
  }
  return judge(inv, issuers, t.claims, signatureValid, at);
}
