import { KeyPair } from './nkeys';

/** Enough for every issuer a host meets (an account signs many actors); bounded so a stream of forged issuers cannot grow it. */
export const ISSUER_KEY_CACHE_SIZE = 256;

const cache = new Map<string, KeyPair>();
let imports = 0;

/**
 * The issuer's public key, imported (decoded, CRC checked, a KeyObject created) once per key: every
 * claims check (each actor start, each lattice invocation) verifies with its issuer's key, and
 * importing it cost about as much as the verification. Only public keys are held, never seeds, so
 * sharing them across checks leaks nothing. A key that does not decode throws each time, uncached.
 */
export function issuerKey(publicKey: string): KeyPair {
  const hit = cache.get(publicKey);
  if (hit) {
    // Moved to the end: the Map's insertion order then makes the first key the least recently used.
    cache.delete(publicKey);
    cache.set(publicKey, hit);
    return hit;
  }
  const key = KeyPair.fromPublicKey(publicKey);
  imports++;
  if (cache.size >= ISSUER_KEY_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(publicKey, key);
  return key;
}

/** For specs: how many keys were imported since the module loaded, and how many are held. */
export function issuerKeyCacheStats(): { imports: number; size: number } {
  return { imports, size: cache.size };
}
