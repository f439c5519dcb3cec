import { createPrivateKey, createPublicKey, KeyObject, randomBytes, sign as edSign, verify as edVerify } from 'node:crypto';
import { base32Decode, base32Encode } from './base32';
import { crc16 } from './crc16';
import { InvalidKeyError } from './errors';

/** nkey roles; `module` (M) and `service` (V) are wasmCloud's additions to the NATS set. */
export type KeyRole = 'account' | 'module' | 'service' | 'server' | 'operator' | 'user' | 'cluster' | 'curve';

/** Prefix bytes from nkeys-rs `src/lib.rs` (v0.4.5). */
export const ROLE_PREFIX: Readonly<Record<KeyRole, number>> = {
  account: 0,
  cluster: 2 << 3,
  module: 12 << 3,
  server: 13 << 3,
  operator: 14 << 3,
  user: 20 << 3,
  service: 21 << 3,
  curve: 23 << 3,
};

export const KEY_ROLES = Object.keys(ROLE_PREFIX) as KeyRole[];

const SEED_PREFIX = 18 << 3;
export const ENCODED_SEED_LENGTH = 58;
export const ENCODED_PUBKEY_LENGTH = 56;

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const X25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

function roleForPrefix(prefix: number): KeyRole | undefined {
  return KEY_ROLES.find((r) => ROLE_PREFIX[r] === prefix);
}

function article(role: KeyRole): string {
  return `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`;
}

export function isKeyRole(value: string): value is KeyRole {
  return (KEY_ROLES as string[]).includes(value);
}

/**
 * wash's names for the roles, matched case-insensitively as `wash keys gen` does: nkeys' own
 * (`module`, `service`, `server`, ...) and the wasmCloud words users type for them (`actor`,
 * `provider`, `host`).
 */
const ROLE_ALIASES: Readonly<Record<string, KeyRole>> = {
  actor: 'module',
  provider: 'service',
  host: 'server',
};

/** The role a user typed (`Actor`, `provider`, `SERVICE`), or undefined. */
export function parseKeyRole(value: string): KeyRole | undefined {
  const lower = value.toLowerCase();
  if (isKeyRole(lower)) return lower;
  return Object.prototype.hasOwnProperty.call(ROLE_ALIASES, lower) ? ROLE_ALIASES[lower] : undefined;
}

/** Every name parseKeyRole accepts, for help and error text. */
export const KEY_ROLE_NAMES: readonly string[] = [...KEY_ROLES, ...Object.keys(ROLE_ALIASES)];

function withCrc(payload: Uint8Array): string {
  const crc = crc16(payload);
  const out = new Uint8Array(payload.length + 2);
  out.set(payload);
  out[payload.length] = crc & 0xff;
  out[payload.length + 1] = crc >>> 8;
  return base32Encode(out);
}

/** Base32-decodes and checks the trailing little-endian CRC16; returns the payload without it. */
function decodeChecked(text: string, what: 'seed' | 'public key', expectedLength: number): Uint8Array {
  if (text.length !== expectedLength) {
    throw new InvalidKeyError(`invalid nkey ${what}: expected ${expectedLength} characters, got ${text.length}`);
  }
  const raw = base32Decode(text);
  if (!raw) throw new InvalidKeyError(`invalid nkey ${what}: not RFC 4648 base32`);
  const payload = raw.subarray(0, raw.length - 2);
  const crc = raw[raw.length - 2] | (raw[raw.length - 1] << 8);
  if (crc16(payload) !== crc) throw new InvalidKeyError(`invalid nkey ${what}: checksum mismatch`);
  return payload;
}

export function encodeSeed(role: KeyRole, rawSeed: Uint8Array): string {
  const prefix = ROLE_PREFIX[role];
  const payload = new Uint8Array(34);
  payload[0] = SEED_PREFIX | (prefix >> 5);
  payload[1] = (prefix & 31) << 3;
  payload.set(rawSeed, 2);
  return withCrc(payload);
}

export function encodePublicKey(role: KeyRole, rawKey: Uint8Array): string {
  const payload = new Uint8Array(33);
  payload[0] = ROLE_PREFIX[role];
  payload.set(rawKey, 1);
  return withCrc(payload);
}

export function decodeSeed(seed: string): { role: KeyRole; raw: Uint8Array } {
  const payload = decodeChecked(seed, 'seed', ENCODED_SEED_LENGTH);
  if ((payload[0] & 0xf8) !== SEED_PREFIX) throw new InvalidKeyError('invalid nkey seed: it does not start with the seed prefix S');
  const prefix = ((payload[0] & 7) << 5) | ((payload[1] & 0xf8) >> 3);
  const role = roleForPrefix(prefix);
  if (!role) throw new InvalidKeyError('invalid nkey seed: unknown key role');
  return { role, raw: payload.slice(2) };
}

export function decodePublicKey(publicKey: string): { role: KeyRole; raw: Uint8Array } {
  const payload = decodeChecked(publicKey, 'public key', ENCODED_PUBKEY_LENGTH);
  const role = roleForPrefix(payload[0]);
  if (!role) throw new InvalidKeyError(`invalid nkey public key ${publicKey}: unknown key role`);
  return { role, raw: payload.slice(1) };
}

/** Role of an encoded seed or public key, or undefined if it is neither. Never throws. */
export function detectKeyRole(key: string): { role: KeyRole; kind: 'seed' | 'public' } | undefined {
  try {
    if (key.length === ENCODED_SEED_LENGTH) return { role: decodeSeed(key).role, kind: 'seed' };
    if (key.length === ENCODED_PUBKEY_LENGTH) return { role: decodePublicKey(key).role, kind: 'public' };
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * An nkey: Ed25519 for every role except `curve` (X25519, which can not sign). The seed is kept in a
 * private field so `console.log`/`util.inspect` of a KeyPair never shows it.
 */
export class KeyPair {
  readonly #seed: Uint8Array | undefined;
  readonly #privateKey: KeyObject | undefined;
  readonly #publicKey: KeyObject;
  readonly role: KeyRole;
  readonly publicKey: string;

  private constructor(role: KeyRole, rawPublic: Uint8Array, rawSeed?: Uint8Array) {
    this.role = role;
    const curve = role === 'curve';
    if (rawSeed) {
      this.#seed = rawSeed;
      this.#privateKey = createPrivateKey({
        key: Buffer.concat([curve ? X25519_PKCS8_PREFIX : ED25519_PKCS8_PREFIX, rawSeed]),
        format: 'der',
        type: 'pkcs8',
      });
      this.#publicKey = createPublicKey(this.#privateKey);
      rawPublic = this.#publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
    } else {
      // A JWK of the raw key, not DER: OpenSSL 3's DER decoder costs ~10x as much per key, and
      // every claims check (each actor start, each lattice invocation) imports its issuer's key.
      this.#publicKey = createPublicKey({
        key: { kty: 'OKP', crv: curve ? 'X25519' : 'Ed25519', x: Buffer.from(rawPublic).toString('base64url') },
        format: 'jwk',
      });
    }
    this.publicKey = encodePublicKey(role, rawPublic);
  }

  static create(role: KeyRole): KeyPair {
    if (!isKeyRole(role)) throw new InvalidKeyError(`unknown key role '${String(role)}' (expected one of ${KEY_ROLES.join(', ')})`);
    return new KeyPair(role, new Uint8Array(0), randomBytes(32));
  }

  static fromSeed(seed: string, expectedRole?: KeyRole): KeyPair {
    const { role, raw } = decodeSeed(seed);
    if (expectedRole && role !== expectedRole) {
      throw new InvalidKeyError(`expected ${article(expectedRole)} seed, got ${article(role)} seed`);
    }
    return new KeyPair(role, new Uint8Array(0), raw);
  }

  static fromPublicKey(publicKey: string, expectedRole?: KeyRole): KeyPair {
    const { role, raw } = decodePublicKey(publicKey);
    if (expectedRole && role !== expectedRole) {
      throw new InvalidKeyError(`expected ${article(expectedRole)} public key, got ${publicKey} (${role})`);
    }
    return new KeyPair(role, raw);
  }

  get hasSeed(): boolean {
    return this.#seed !== undefined;
  }

  /** The encoded seed (`S…`, 58 chars). Treat as a secret. */
  get seed(): string {
    if (!this.#seed) throw new InvalidKeyError(`key ${this.publicKey} has no seed (public key only)`);
    return encodeSeed(this.role, this.#seed);
  }

  /** Node KeyObject for the private key, e.g. for jose. */
  get privateKeyObject(): KeyObject {
    if (!this.#privateKey) throw new InvalidKeyError(`key ${this.publicKey} has no seed (public key only)`);
    return this.#privateKey;
  }

  get publicKeyObject(): KeyObject {
    return this.#publicKey;
  }

  sign(data: Uint8Array): Uint8Array {
    if (this.role === 'curve') throw new InvalidKeyError('curve (X25519) keys cannot sign');
    return new Uint8Array(edSign(null, data, this.privateKeyObject));
  }

  verify(data: Uint8Array, signature: Uint8Array): boolean {
    if (this.role === 'curve' || signature.length !== 64) return false;
    return edVerify(null, data, this.#publicKey, signature);
  }

  /** verify, computed on libuv's thread pool. */
  verifyAsync(data: Uint8Array, signature: Uint8Array): Promise<boolean> {
    if (this.role === 'curve' || signature.length !== 64) return Promise.resolve(false);
    return new Promise((resolve, reject) => edVerify(null, data, this.#publicKey, signature, (e, ok) => (e ? reject(e) : resolve(ok))));
  }

  toJSON(): { role: KeyRole; publicKey: string } {
    return { role: this.role, publicKey: this.publicKey };
  }
}
