import { InvalidKeyError } from './errors';
import { ISSUER_KEY_CACHE_SIZE, issuerKey, issuerKeyCacheStats } from './issuer-keys';
import { KeyPair } from './nkeys';

const data = Buffer.from('header.claims');

describe('issuerKey', () => {
  it('imports an issuer once and hands the same public-only key to later checks', () => {
    const account = KeyPair.create('account');
    const before = issuerKeyCacheStats().imports;
    const first = issuerKey(account.publicKey);
    const second = issuerKey(account.publicKey);
    expect(issuerKeyCacheStats().imports).toBe(before + 1);
    expect(second).toBe(first);
    expect(first.hasSeed).toBe(false);
    expect(first.publicKey).toBe(account.publicKey);
    // The cached key still verifies only its own signatures.
    expect(first.verify(data, account.sign(data))).toBe(true);
    expect(first.verify(data, KeyPair.create('account').sign(data))).toBe(false);
  });

  it('imports a different issuer separately', () => {
    const a = KeyPair.create('account');
    const b = KeyPair.create('account');
    const before = issuerKeyCacheStats().imports;
    expect(issuerKey(a.publicKey).publicKey).toBe(a.publicKey);
    expect(issuerKey(b.publicKey).publicKey).toBe(b.publicKey);
    expect(issuerKeyCacheStats().imports).toBe(before + 2);
  });

  it('refuses a key that does not decode every time, holding nothing for it', () => {
    // Change the last character (part of the CRC) to a different one: 'A' alone would leave one key in 32 valid.
    const good = KeyPair.create('account').publicKey;
    const bad = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
    const { imports, size } = issuerKeyCacheStats();
    expect(() => issuerKey(bad)).toThrow(InvalidKeyError);
    expect(() => issuerKey(bad)).toThrow(InvalidKeyError);
    expect(issuerKeyCacheStats()).toEqual({ imports, size });
  });

  it(`holds at most ${ISSUER_KEY_CACHE_SIZE} keys, dropping the least recently used`, () => {
    const keys = Array.from({ length: ISSUER_KEY_CACHE_SIZE + 1 }, () => KeyPair.create('account').publicKey);
    for (const k of keys.slice(0, ISSUER_KEY_CACHE_SIZE)) issuerKey(k);
    issuerKey(keys[0]); // used again: now the most recent
    const before = issuerKeyCacheStats().imports;
    issuerKey(keys[ISSUER_KEY_CACHE_SIZE]); // evicts keys[1]
    expect(issuerKeyCacheStats().size).toBe(ISSUER_KEY_CACHE_SIZE);
    issuerKey(keys[0]);
    expect(issuerKeyCacheStats().imports).toBe(before + 1);
    issuerKey(keys[1]);
    expect(issuerKeyCacheStats().imports).toBe(before + 2);
  });
});
