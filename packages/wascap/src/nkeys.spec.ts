import { inspect } from 'node:util';
import fc from 'fast-check';
import { InvalidKeyError } from './errors';
import { decodePublicKey, detectKeyRole, KEY_ROLES, KeyPair, parseKeyRole } from './nkeys';
import { BAD_CRC_SEEDS, SEED_VECTORS } from './test-support/vectors';

describe('nkeys known answers', () => {
  it.each(SEED_VECTORS)('%s derives %s', (seed, publicKey) => {
    const kp = KeyPair.fromSeed(seed);
    expect(kp.publicKey).toBe(publicKey);
    expect(kp.seed).toBe(seed);
    expect(detectKeyRole(publicKey)).toEqual({ role: kp.role, kind: 'public' });
    expect(detectKeyRole(seed)).toEqual({ role: kp.role, kind: 'seed' });
    expect(KeyPair.fromPublicKey(publicKey).role).toBe(kp.role);
  });

  it('detects module and service roles that nkeys.js lacks', () => {
    expect(KeyPair.fromSeed(SEED_VECTORS[3][0]).role).toBe('module');
    expect(KeyPair.fromSeed(SEED_VECTORS[7][0]).role).toBe('service');
    expect(KeyPair.fromSeed(SEED_VECTORS[1][0]).role).toBe('cluster');
  });

  it.each(BAD_CRC_SEEDS)('rejects bad-checksum seed %s without echoing it', (seed) => {
    let error: unknown;
    try {
      KeyPair.fromSeed(seed);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidKeyError);
    expect((error as Error).message).toMatch(/checksum/);
    expect((error as Error).message).not.toContain(seed);
    expect((error as Error).message).not.toContain(seed.slice(2, 20));
  });

  it('rejects wrong lengths, bad alphabet, public keys as seeds and wrong roles', () => {
    const [seed, pub] = SEED_VECTORS[0];
    expect(() => KeyPair.fromSeed(seed.slice(0, 57))).toThrow(/expected 58 characters, got 57/);
    expect(() => KeyPair.fromSeed(seed + '\n')).toThrow(InvalidKeyError);
    expect(() => KeyPair.fromSeed(seed.toLowerCase())).toThrow(/base32/);
    expect(() => KeyPair.fromSeed(pub)).toThrow(InvalidKeyError);
    expect(() => KeyPair.fromSeed(seed, 'module')).toThrow(/expected a module seed, got an account seed/);
    expect(() => KeyPair.fromPublicKey(pub.slice(0, 55) + (pub[55] === 'A' ? 'B' : 'A'))).toThrow(/checksum/);
    expect(() => decodePublicKey(seed)).toThrow(/56 characters/);
    expect(detectKeyRole('nonsense')).toBeUndefined();
  });
});

describe('KeyPair', () => {
  it.each(KEY_ROLES)('creates %s keys whose seed round-trips and whose prefix letter matches', (role) => {
    const kp = KeyPair.create(role);
    const letter = { account: 'A', module: 'M', service: 'V', server: 'N', operator: 'O', user: 'U', cluster: 'C', curve: 'X' }[role];
    expect(kp.publicKey).toMatch(new RegExp(`^${letter}[A-Z2-7]{55}$`));
    expect(kp.seed).toMatch(new RegExp(`^S${letter}[A-Z2-7]{56}$`));
    const again = KeyPair.fromSeed(kp.seed);
    expect(again.publicKey).toBe(kp.publicKey);
    expect(again.role).toBe(role);
  });

  it('signs and verifies; public-only keys verify but cannot sign or reveal a seed', () => {
    const kp = KeyPair.create('account');
    const data = new TextEncoder().encode('hello');
    const sig = kp.sign(data);
    expect(sig).toHaveLength(64);
    const pub = KeyPair.fromPublicKey(kp.publicKey);
    expect(pub.verify(data, sig)).toBe(true);
    expect(pub.verify(new TextEncoder().encode('hellO'), sig)).toBe(false);
    expect(pub.verify(data, sig.subarray(1))).toBe(false);
    expect(() => pub.sign(data)).toThrow(/no seed/);
    expect(() => pub.seed).toThrow(/no seed/);
  });

  it('signatures are deterministic (RFC 8032), which the re-sign KATs rely on', () => {
    const kp = KeyPair.fromSeed(SEED_VECTORS[0][0]);
    const data = new TextEncoder().encode('x');
    expect(Buffer.from(kp.sign(data))).toEqual(Buffer.from(kp.sign(data)));
  });

  it('never shows the seed when inspected or serialized', () => {
    const [seed] = SEED_VECTORS[0];
    const kp = KeyPair.fromSeed(seed);
    expect(inspect(kp, { depth: 5, showHidden: true })).not.toContain(seed);
    expect(JSON.stringify(kp)).not.toContain(seed);
  });

  it('curve keys cannot sign', () => {
    expect(() => KeyPair.create('curve').sign(new Uint8Array(1))).toThrow(/cannot sign/);
  });

  it('any single-character change to a seed is detected (property)', () => {
    const [seed] = SEED_VECTORS[2];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 57 }), fc.integer({ min: 1, max: 31 }), (pos, delta) => {
        const replaced = alphabet[(alphabet.indexOf(seed[pos]) + delta) % 32];
        const mutated = seed.slice(0, pos) + replaced + seed.slice(pos + 1);
        expect(() => KeyPair.fromSeed(mutated)).toThrow(InvalidKeyError);
      }),
    );
  });
});

describe('parseKeyRole', () => {
  it("accepts wash's role names and the wasmCloud aliases, in any case", () => {
    expect(parseKeyRole('Module')).toBe('module');
    expect(parseKeyRole('ACTOR')).toBe('module');
    expect(parseKeyRole('provider')).toBe('service');
    expect(parseKeyRole('Service')).toBe('service');
    expect(parseKeyRole('host')).toBe('server');
    expect(parseKeyRole('Operator')).toBe('operator');
    expect(parseKeyRole('cluster')).toBe('cluster');
    expect(parseKeyRole('bogus')).toBeUndefined();
    expect(parseKeyRole('constructor')).toBeUndefined();
  });
});
