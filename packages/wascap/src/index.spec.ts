import * as api from './index';

describe('public API', () => {
  it('exports the names agreed with the par, oci and plugin packages', () => {
    for (const name of [
      'KeyPair',
      'resolveKeyPair',
      'signActor',
      'signActorFile',
      'extractClaims',
      'verifyActor',
      'signProviderClaims',
      'decodeJwt',
      'validateToken',
      'sourceDateEpoch',
    ]) {
      expect(typeof (api as Record<string, unknown>)[name]).toBe('function');
    }
    expect(api.KeyPair.create('account').role).toBe('account');
  });
});
