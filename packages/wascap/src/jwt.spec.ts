import { compactVerify } from 'jose';
import { assertValidToken, assertValidTokenAsync, decodeJwt, decodeJwtForValidation, ENCODED_HEADER, relativeTime, signClaimsJson, validateToken } from './jwt';
import { InvalidSignatureError, InvalidTokenError, TokenExpiredError, TokenNotYetValidError } from './errors';
import { issuerKeyCacheStats } from './issuer-keys';
import { KeyPair } from './nkeys';
import { SEED_VECTORS } from './test-support/vectors';

const issuer = KeyPair.fromSeed(SEED_VECTORS[2][0]);
const sub = SEED_VECTORS[3][1];
const claimsJson = (extra: Record<string, unknown> = {}) => JSON.stringify({ jti: 'a'.repeat(22), iat: 1000, iss: issuer.publicKey, sub, ...extra });
const b64 = (s: string) => Buffer.from(s).toString('base64url');

describe('signClaimsJson', () => {
  it('emits the wascap header literally, the claims unchanged, and a 64-byte Ed25519 signature', async () => {
    const json = claimsJson();
    const jwt = await signClaimsJson(json, issuer);
    const [h, c, s] = jwt.split('.');
    expect(Buffer.from(h, 'base64url').toString()).toBe('{"typ":"jwt","alg":"Ed25519"}');
    expect(h).toBe(ENCODED_HEADER);
    expect(Buffer.from(c, 'base64url').toString()).toBe(json);
    expect(s).toMatch(/^[A-Za-z0-9_-]{86}$/);
    // The signature is plain Ed25519 over "header.claims" by the issuer key.
    expect(issuer.verify(Buffer.from(`${h}.${c}`), Buffer.from(s, 'base64url'))).toBe(true);
    // …which jose, an independent verifier, also accepts.
    await expect(compactVerify(jwt, issuer.publicKeyObject, { algorithms: ['Ed25519'] })).resolves.toBeDefined();
  });
});

describe('decodeJwt', () => {
  it('rejects wrong segment counts, padding, non-JSON and missing claims with InvalidTokenError', () => {
    expect(() => decodeJwt('a.b')).toThrow(/expected 3 segments, found 2/);
    expect(() => decodeJwt(`${ENCODED_HEADER}.${b64(claimsJson())}=.x`)).toThrow(/unpadded base64url/);
    // Five characters (1 mod 4) cannot encode whole bytes; a lenient decoder would drop the last.
    expect(() => decodeJwt(`${ENCODED_HEADER}.e30AA.x`)).toThrow(/the claims segment is not unpadded base64url/);
    expect(() => decodeJwt(`${ENCODED_HEADER}.${b64('not json')}.x`)).toThrow(/not JSON/);
    expect(() => decodeJwt(`${ENCODED_HEADER}.${b64('[]')}.x`)).toThrow(/not a JSON object/);
    expect(() => decodeJwt(`${ENCODED_HEADER}.${b64(JSON.stringify({ iat: 1, iss: 'A', sub: 'M' }))}.x`)).toThrow(/'jti'/);
    expect(() => decodeJwt(`${ENCODED_HEADER}.${b64(claimsJson({ exp: 'soon' }))}.x`)).toThrow(/'exp'/);
    expect(() => decodeJwt(`${b64('nope')}.${b64(claimsJson())}.x`)).toThrow(InvalidTokenError);
  });

  it('ignores unknown claims, as wascap does', () => {
    expect(decodeJwt(`${ENCODED_HEADER}.${b64(claimsJson({ extra: 1 }))}.x`).claims.extra).toBe(1);
  });
});

describe('validateToken', () => {
  it('requires header alg Ed25519 and typ jwt', async () => {
    const seg = b64(claimsJson());
    const sign = (h: string) => `${h}.${seg}.${Buffer.from(issuer.sign(Buffer.from(`${h}.${seg}`))).toString('base64url')}`;
    expect(() => validateToken(sign(b64('{"typ":"jwt","alg":"EdDSA"}')))).toThrow(/alg is "EdDSA"/);
    expect(() => validateToken(sign(b64('{"typ":"JWT","alg":"Ed25519"}')))).toThrow(/typ is "JWT"/);
    // Key order or extra header fields do not matter to a verifier.
    expect(validateToken(sign(b64('{"alg":"Ed25519","typ":"jwt","kid":"x"}'))).signatureValid).toBe(true);
  });

  it('flags bad signatures, expiry (exp < now) and not-before (now < nbf)', async () => {
    const jwt = await signClaimsJson(claimsJson({ exp: 2000, nbf: 1500 }), issuer);
    expect(validateToken(jwt, { now: 1499 })).toMatchObject({ signatureValid: true, expired: false, cannotUseYet: true });
    expect(validateToken(jwt, { now: 2000 })).toMatchObject({ expired: false, cannotUseYet: false });
    expect(validateToken(jwt, { now: 2001 })).toMatchObject({ expired: true, expiresHuman: '1s ago' });
    expect(() => assertValidToken(jwt, { now: 1499 })).toThrow(TokenNotYetValidError);
    expect(() => assertValidToken(jwt, { now: 2001 })).toThrow(TokenExpiredError);
    const other = KeyPair.create('account');
    const forged = (await signClaimsJson(claimsJson(), other)).split('.');
    const swapped = `${forged[0]}.${forged[1]}.${jwt.split('.')[2]}`;
    expect(validateToken(swapped).signatureValid).toBe(false);
    expect(() => assertValidToken(swapped)).toThrow(InvalidSignatureError);
    expect(validateToken(jwt, { now: 1600 })).toMatchObject({ expiresHuman: 'in 6m', notBeforeHuman: '1m ago' });
  });

  it('rejects tokens without issuer or subject', async () => {
    const noSub = `${ENCODED_HEADER}.${b64(claimsJson({ sub: '' }))}.AA`;
    expect(() => validateToken(noSub)).toThrow(/missing subject/);
  });
});

describe('assertValidTokenAsync', () => {
  it("gives assertValidToken's verdicts and errors, the signature checked on the thread pool", async () => {
    const jwt = await signClaimsJson(claimsJson({ exp: 2000, nbf: 1500 }), issuer);
    await expect(assertValidTokenAsync(jwt, { now: 1600 })).resolves.toEqual(assertValidToken(jwt, { now: 1600 }));
    await expect(assertValidTokenAsync(jwt, { now: 1499 })).rejects.toThrow(TokenNotYetValidError);
    await expect(assertValidTokenAsync(jwt, { now: 2001 })).rejects.toThrow(TokenExpiredError);
    const forged = (await signClaimsJson(claimsJson(), KeyPair.create('account'))).split('.');
    const swapped = `${forged[0]}.${forged[1]}.${jwt.split('.')[2]}`;
    await expect(assertValidTokenAsync(swapped)).rejects.toThrow(`JWT signature does not verify with the issuer key ${issuer.publicKey}`);
    // A signature over other bytes, of the right length: only the verification can refuse it.
    const flipped = Buffer.from(jwt.split('.')[2], 'base64url');
    flipped[0] ^= 1;
    await expect(assertValidTokenAsync(`${forged[0]}.${forged[1]}.${flipped.toString('base64url')}`)).rejects.toThrow(InvalidSignatureError);
    expect(() => assertValidTokenAsync(`${ENCODED_HEADER}.${b64(claimsJson({ sub: '' }))}.AA`)).toThrow(/missing subject/);
  });
});

describe('assertValidToken: one decode and one key import per issuer', () => {
  const tokenBy = (key: KeyPair, extra: Record<string, unknown> = {}) => signClaimsJson(claimsJson({ iss: key.publicKey, ...extra }), key);

  it('imports an issuer key once across checks; another issuer, a forged or a flipped signature are still refused', async () => {
    const a = KeyPair.create('account');
    const b = KeyPair.create('account');
    const first = await tokenBy(a);
    const second = await tokenBy(a, { jti: 'b'.repeat(22) });
    const before = issuerKeyCacheStats().imports;
    expect(assertValidToken(first).signatureValid).toBe(true);
    expect(assertValidToken(second).signatureValid).toBe(true);
    expect(validateToken(first).signatureValid).toBe(true);
    await expect(assertValidTokenAsync(second)).resolves.toMatchObject({ signatureValid: true });
    expect(issuerKeyCacheStats().imports).toBe(before + 1);
    // Claims naming a (cached) issuer, signed by another key.
    const byB = (await signClaimsJson(claimsJson({ iss: a.publicKey }), b)).split('.');
    expect(() => assertValidToken(byB.join('.'))).toThrow(`JWT signature does not verify with the issuer key ${a.publicKey}`);
    const flipped = Buffer.from(first.split('.')[2], 'base64url');
    flipped[10] ^= 1;
    const [h, c] = first.split('.');
    expect(() => assertValidToken(`${h}.${c}.${flipped.toString('base64url')}`)).toThrow(InvalidSignatureError);
    expect(validateToken(`${h}.${c}.${flipped.toString('base64url')}`).signatureValid).toBe(false);
    // A different issuer is imported and checked with its own key.
    expect(assertValidToken(await tokenBy(b)).signatureValid).toBe(true);
    expect(issuerKeyCacheStats().imports).toBe(before + 2);
  });

  it('takes the decode of decodeJwtForValidation for the same token once, and decodes any other token itself', async () => {
    const key = KeyPair.create('account');
    const jwt = await tokenBy(key, { exp: 2000 });
    const other = await tokenBy(key, { exp: 1000 });
    const parse = jest.spyOn(JSON, 'parse');
    try {
      decodeJwtForValidation(jwt);
      expect(parse).toHaveBeenCalledTimes(2); // header, claims
      expect(assertValidToken(jwt, { now: 1500 }).expired).toBe(false);
      expect(parse).toHaveBeenCalledTimes(2);
      // Taken once: a second check decodes again, with the same verdict.
      expect(assertValidToken(jwt, { now: 1500 }).expired).toBe(false);
      expect(parse).toHaveBeenCalledTimes(4);
      // A remembered decode never stands in for another token.
      decodeJwtForValidation(jwt);
      expect(() => assertValidToken(other, { now: 1500 })).toThrow(TokenExpiredError);
      expect(parse).toHaveBeenCalledTimes(8);
    } finally {
      parse.mockRestore();
    }
  });
});

describe('relativeTime', () => {
  it('rounds to the largest unit like wascap stamp_to_human', () => {
    expect(relativeTime(0, 3 * 86400 + 5)).toBe('3days ago');
    expect(relativeTime(86400 + 10, 0)).toBe('in 1day');
    expect(relativeTime(7300, 0)).toBe('in 2h');
  });
});
