import { decodeJwt, validateToken } from './jwt';
import { decodeProviderClaims, signAccountToken, signOperatorToken, signProviderClaims } from './provider';
import { KeyPair } from './nkeys';
import { SEED_VECTORS } from './test-support/vectors';

const account = KeyPair.fromSeed(SEED_VECTORS[6][0]);
const service = KeyPair.fromSeed(SEED_VECTORS[7][0]);
const HASH = 'B7FEAB0AE46F4A5B43778906504732FC5C361074A500485D2ECCF0B175E4FF0D';

describe('signProviderClaims', () => {
  it('writes provider metadata in wascap order with "wascap_revision":3, as wascap >= 0.10 does', async () => {
    const jwt = await signProviderClaims({
      issuer: account,
      subject: service,
      name: 'p',
      capid: 'c:d',
      vendor: 'v',
      targetHashes: { 'x86_64-linux': HASH },
      env: { SOURCE_DATE_EPOCH: '1700000000' },
    });
    const { claimsJson, claims } = decodeJwt(jwt);
    expect(claimsJson).toBe(
      `{"jti":"${claims.jti}","iat":1700000000,"iss":"${account.publicKey}","sub":"${service.publicKey}",` +
        `"wascap":{"name":"p","capid":"c:d","vendor":"v","target_hashes":{"x86_64-linux":"${HASH}"}},"wascap_revision":3}`,
    );
  });

  it('in legacy mode writes the 2021 form of fakepay.par.gz (no wascap_revision), signed by the account', async () => {
    const env = { SOURCE_DATE_EPOCH: '1629000000' };
    const jwt = await signProviderClaims({
      issuer: account,
      subject: service,
      name: 'Fake Payments',
      capid: 'examples:payments',
      vendor: 'wasmCloud',
      rev: 1,
      ver: '1.0',
      targetHashes: { 'x86_64-linux': HASH },
      legacy: true,
      env,
    });
    const { claimsJson, claims } = decodeJwt(jwt);
    expect(claimsJson).toBe(
      `{"jti":"${claims.jti}","iat":1629000000,"iss":"${account.publicKey}","sub":"${service.publicKey}",` +
        `"wascap":{"name":"Fake Payments","capid":"examples:payments","vendor":"wasmCloud","rev":1,"ver":"1.0","target_hashes":{"x86_64-linux":"${HASH}"}}}`,
    );
    expect(validateToken(jwt).signatureValid).toBe(true);
    expect(decodeProviderClaims(jwt).wascap?.capid).toBe('examples:payments');
    // Reproducible with SOURCE_DATE_EPOCH.
    expect(
      await signProviderClaims({
        issuer: account,
        subject: service,
        name: 'Fake Payments',
        capid: 'examples:payments',
        vendor: 'wasmCloud',
        rev: 1,
        ver: '1.0',
        targetHashes: { 'x86_64-linux': HASH },
        legacy: true,
        env,
      }),
    ).toBe(jwt);
  });

  it('writes "name":null without a name and includes config_schema when given', async () => {
    const jwt = await signProviderClaims({
      issuer: account,
      subject: service,
      capid: 'wascc:keyvalue',
      vendor: 'v',
      targetHashes: {},
      configSchema: { type: 'object' },
    });
    expect(decodeJwt(jwt).claimsJson).toContain(
      '"wascap":{"name":null,"capid":"wascc:keyvalue","vendor":"v","target_hashes":{},"config_schema":{"type":"object"}}',
    );
  });

  it('rejects a non-service subject, lowercase hashes and a missing capid', async () => {
    await expect(signProviderClaims({ issuer: account, subject: account, capid: 'c', vendor: 'v', targetHashes: {} })).rejects.toThrow(/service key/);
    await expect(signProviderClaims({ issuer: account, subject: service, capid: 'c', vendor: 'v', targetHashes: { t: HASH.toLowerCase() } })).rejects.toThrow(
      /uppercase hex/,
    );
    await expect(signProviderClaims({ issuer: account, subject: service, capid: '', vendor: 'v', targetHashes: {} })).rejects.toThrow(/capid/);
  });
});

describe('account and operator tokens', () => {
  it('issues an account token from an operator and a self-signed operator token', async () => {
    const operator = KeyPair.create('operator');
    const acct = await signAccountToken({ issuer: operator, subject: account, name: 'acme' });
    expect(decodeJwt(acct).claims).toMatchObject({ iss: operator.publicKey, sub: account.publicKey, wascap: { name: 'acme', valid_signers: null } });
    expect(validateToken(acct).signatureValid).toBe(true);
    const op = await signOperatorToken({ issuer: operator, subject: operator, validSigners: ['O1'] });
    expect(decodeJwt(op).claimsJson).toMatch(/"wascap":\{"name":null,"valid_signers":\["O1"\]\},"wascap_revision":3\}$/);
    const legacyOp = await signOperatorToken({ issuer: operator, subject: operator, validSigners: ['O1'], legacy: true });
    expect(decodeJwt(legacyOp).claimsJson).toMatch(/"wascap":\{"name":null,"valid_signers":\["O1"\]\}\}$/);
    await expect(signAccountToken({ issuer: account, subject: account })).rejects.toThrow(/operator key/);
  });
});
