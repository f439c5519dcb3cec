import * as errors from './errors';

describe('error classes', () => {
  it('are user errors (one-line CLI output) with their own names', () => {
    for (const [name, Ctor] of Object.entries(errors)) {
      const e = new (Ctor as new (m: string) => errors.WascapError)('msg');
      expect(e).toBeInstanceOf(errors.WascapError);
      expect(e).toBeInstanceOf(Error);
      expect(e.isUserError).toBe(true);
      expect(e.name).toBe(name);
      expect(e.message).toBe('msg');
    }
  });
});
