import { captureIo } from '../test-support';
import { flagCredentials } from './registry-credentials';

describe('flagCredentials', () => {
  const io = captureIo({ env: { WASH_REG_USER: 'env-user', WASH_REG_PASSWORD: 'env-pass' } });

  it('leaves credentials to the library when neither flag is given', () => {
    expect(flagCredentials(io, undefined, undefined)).toBeUndefined();
  });

  it('pairs a flag with the other value from the environment', () => {
    expect(flagCredentials(io, 'cli-user', undefined)).toEqual({ username: 'cli-user', password: 'env-pass' });
    expect(flagCredentials(io, undefined, 'cli-pass')).toEqual({ username: 'env-user', password: 'cli-pass' });
  });

  it('prefers both flags over the environment', () => {
    expect(flagCredentials(io, 'cli-user', 'cli-pass')).toEqual({ username: 'cli-user', password: 'cli-pass' });
  });

  it('keeps a missing half missing when the environment lacks it', () => {
    expect(flagCredentials(captureIo({ env: {} }), 'cli-user', undefined)).toEqual({ username: 'cli-user', password: undefined });
  });
});
