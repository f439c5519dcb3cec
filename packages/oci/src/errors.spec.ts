import { AuthError, DigestMismatchError, InvalidReferenceError, OciError, RegistryError } from './errors';

describe('errors', () => {
  it('are user errors (one line in the CLI) and keep their class names', () => {
    for (const E of [OciError, InvalidReferenceError, AuthError, DigestMismatchError]) {
      const e = new E('x');
      expect(e.isUserError).toBe(true);
      expect(e).toBeInstanceOf(OciError);
      expect(e.name).toBe(E.name);
    }
    expect(new RegistryError('denied', 403).status).toBe(403);
  });
});
