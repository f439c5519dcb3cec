import { createHash, randomInt } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const JTI_LENGTH = 22;

/** A random 22-char base62 id, the shape of `nuid::next()` that wascap uses for `jti`. */
export function randomJti(): string {
  let out = '';
  for (let i = 0; i < JTI_LENGTH; i++) out += BASE62[randomInt(62)];
  return out;
}

/**
 * A 22-char base62 id derived from `content` (sha256, reduced mod 62^22), for reproducible
 * signing: identical claims give an identical jti, different claims a different one.
 */
export function contentJti(content: string): string {
  let n = BigInt('0x' + createHash('sha256').update(content).digest('hex'));
  let out = '';
  for (let i = 0; i < JTI_LENGTH; i++) {
    out = BASE62[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out;
}
