import fc from 'fast-check';
import { KeyPair } from './nkeys';
import { mayHoldSecret } from './secret-text';
import { mutatedSeed } from './test-support/seed-mutations';

describe('mayHoldSecret', () => {
  it('flags every typo of a seed and leaves ordinary key file paths alone', () => {
    const seed = KeyPair.create('module').seed;
    fc.assert(fc.property(mutatedSeed(seed), (value) => expect(mayHoldSecret(value)).toBe(true)));
    for (const p of ['/home/alice/.wash/keys/alice_account.nk', 'keys/echo_module.nk', './issuer.nk', 'C:\\keys\\httpserver_service.nk']) {
      expect(mayHoldSecret(p)).toBe(false);
    }
  });
});
