import fc from 'fast-check';
import { contentJti, JTI_LENGTH, randomJti } from './jti';

describe('jti', () => {
  it('random ids have the nuid shape: 22 chars of 0-9A-Za-z', () => {
    for (let i = 0; i < 50; i++) expect(randomJti()).toMatch(/^[0-9A-Za-z]{22}$/);
  });

  it('content ids are deterministic, 22 base62 chars, and differ for different content (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(contentJti(a)).toHaveLength(JTI_LENGTH);
        expect(contentJti(a)).toMatch(/^[0-9A-Za-z]+$/);
        expect(contentJti(a)).toBe(contentJti(a));
        if (a !== b) expect(contentJti(a)).not.toBe(contentJti(b));
      }),
    );
  });
});
