import * as errors from './errors';

describe('error classes', () => {
  it('are user errors with their own names, so the CLI prints one line', () => {
    for (const [name, Cls] of Object.entries(errors)) {
      const e = new (Cls as typeof errors.ParError)('msg');
      expect(e).toBeInstanceOf(errors.ParError);
      expect(e.isUserError).toBe(true);
      expect(e.name).toBe(name);
      expect(e.message).toBe('msg');
    }
  });
});
