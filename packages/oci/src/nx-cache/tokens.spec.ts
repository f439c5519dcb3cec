import { accessFor, tokensFromEnv } from './tokens';

describe('cache server tokens', () => {
  const tokens = { readWrite: 'rw-secret', readOnly: 'ro-secret' };

  it('grants read-write, read or nothing by the bearer token, case-insensitive scheme', () => {
    expect(accessFor('Bearer rw-secret', tokens)).toBe('read-write');
    expect(accessFor('bearer ro-secret', tokens)).toBe('read');
    expect(accessFor('Bearer rw-secre', tokens)).toBe('none');
    expect(accessFor('Basic cnctc2VjcmV0', tokens)).toBe('none');
    expect(accessFor(undefined, tokens)).toBe('none');
    expect(accessFor(undefined, {})).toBe('read-write');
    expect(accessFor('Bearer rw-secret', { readOnly: 'ro-secret' })).toBe('none');
  });

  it('reads tokens from the environment, the read-write one falling back to the variable Nx sends', () => {
    expect(tokensFromEnv({ NX_CACHE_SERVER_TOKEN: 'a', NX_CACHE_SERVER_READ_TOKEN: 'b' })).toEqual({ readWrite: 'a', readOnly: 'b' });
    expect(tokensFromEnv({ NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: 'c' })).toEqual({ readWrite: 'c', readOnly: undefined });
    expect(tokensFromEnv({ NX_CACHE_SERVER_TOKEN: '' })).toEqual({ readWrite: undefined, readOnly: undefined });
  });

  it('refuses a read-only token equal to the read-write one, without quoting it', () => {
    const err = (() => {
      try {
        tokensFromEnv({ NX_CACHE_SERVER_TOKEN: 'same-secret', NX_CACHE_SERVER_READ_TOKEN: 'same-secret' });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(err?.message).toMatch(/NX_CACHE_SERVER_READ_TOKEN equals the read-write token/);
    expect(err?.message).not.toContain('same-secret');
  });
});
