import { InvalidKeyError } from './errors';
import { isUserError } from './user-error';

describe('isUserError', () => {
  it("recognises every package's marked errors and nothing else", () => {
    expect(isUserError(new InvalidKeyError('x'))).toBe(true);
    expect(isUserError(Object.assign(new Error('lib'), { isUserError: true }))).toBe(true);
    expect(isUserError(new Error('bug'))).toBe(false);
    expect(isUserError({ isUserError: true, message: 'not an Error' })).toBe(false);
    expect(isUserError('text')).toBe(false);
  });
});
