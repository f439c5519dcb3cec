import { KeyPair, signActor, signClaimsJson, signProviderClaims } from '@nx-wasmcloud/wascap';
import { InvalidClaimsError } from './errors';
import { readProviderClaims } from './provider-claims';

const issuer = KeyPair.create('account');
const subject = KeyPair.create('service');
const HASH = 'A'.repeat(64);

describe('readProviderClaims', () => {
  it('returns the provider metadata and a verified signature', async () => {
    const jwt = await signProviderClaims({
      issuer,
      subject,
      name: 'P',
      capid: 'a:b',
      vendor: 'V',
      rev: 2,
      ver: '1',
      targetHashes: { 'x86_64-linux': HASH },
      configSchema: { a: 1 },
    });
    expect(readProviderClaims(jwt, 'f.par')).toMatchObject({
      issuer: issuer.publicKey,
      subject: subject.publicKey,
      name: 'P',
      capid: 'a:b',
      vendor: 'V',
      rev: 2,
      ver: '1',
      targetHashes: { 'x86_64-linux': HASH },
      configSchema: { a: 1 },
      signatureValid: true,
    });
  });

  it('reports (not throws) a signature from another key', async () => {
    const jwt = await signProviderClaims({ issuer, subject, capid: 'a:b', vendor: 'V', targetHashes: {} });
    const [h, c] = jwt.split('.');
    const other = await signClaimsJson(Buffer.from(c, 'base64url').toString(), KeyPair.create('account'));
    const forged = `${h}.${c}.${other.split('.')[2]}`;
    const view = readProviderClaims(forged, 'f.par');
    expect(view.signatureValid).toBe(false);
    expect(view.name).toBeNull();
  });

  it('refuses tokens that are not provider claims', async () => {
    expect(() => readProviderClaims('garbage', 'f.par')).toThrow(InvalidClaimsError);
    expect(() => readProviderClaims('garbage', 'f.par')).toThrow(/^f\.par: claims\.jwt: invalid JWT/);
    const account = await signClaimsJson(JSON.stringify({ jti: 'x', iat: 1, iss: issuer.publicKey, sub: subject.publicKey }), issuer);
    expect(() => readProviderClaims(account, 'f.par')).toThrow(/has no 'wascap' provider metadata/);
    const noHashes = await signClaimsJson(
      JSON.stringify({ jti: 'x', iat: 1, iss: issuer.publicKey, sub: subject.publicKey, wascap: { capid: 'a', vendor: 'b' } }),
      issuer,
    );
    expect(() => readProviderClaims(noHashes, 'f.par')).toThrow(/'target_hashes' is missing/);
    expect(typeof signActor).toBe('function');
  });
});
