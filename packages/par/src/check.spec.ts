import { assertSound, assertTargetHash } from './check';
import { InvalidClaimsError, TargetHashMismatchError } from './errors';
import { ProviderClaimsView } from './provider-claims';

const H = 'B'.repeat(64);
const view = (over: Partial<ProviderClaimsView> = {}): ProviderClaimsView => ({
  jwt: '',
  claims: {},
  issuer: 'AISSUER',
  subject: 'VSUB',
  name: null,
  capid: 'a:b',
  vendor: 'v',
  targetHashes: { 'x86_64-linux': H },
  signatureValid: true,
  ...over,
});

describe('assertSound / assertTargetHash', () => {
  it('passes matching hashes (case-insensitively for the claim)', () => {
    expect(() => assertSound('f', view({ targetHashes: { 'x86_64-linux': H.toLowerCase() } }), [{ target: 'x86_64-linux', size: 1, hash: H }])).not.toThrow();
  });

  it('names the target and both hashes on mismatch, and a target the claims lack', () => {
    expect(() => assertTargetHash('f.par', view(), { target: 'x86_64-linux', size: 1, hash: 'C'.repeat(64) })).toThrow(
      new TargetHashMismatchError(`f.par: target x86_64-linux has SHA-256 ${'C'.repeat(64)} but the claims say ${H} (binary or claims altered)`),
    );
    expect(() => assertTargetHash('f.par', view(), { target: 'arm-linux', size: 1, hash: H })).toThrow(/target arm-linux has no target_hashes entry/);
  });

  it('checks the signature first', () => {
    expect(() => assertSound('f.par', view({ signatureValid: false }), [])).toThrow(InvalidClaimsError);
  });
});
