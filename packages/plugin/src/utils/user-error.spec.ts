import { isUserError, PluginUserError } from './user-error';

describe('PluginUserError', () => {
  it('is recognised as a user error, as are the libraries\' own', () => {
    expect(isUserError(new PluginUserError('x'))).toBe(true);
    expect(isUserError(Object.assign(new Error('lib'), { isUserError: true }))).toBe(true);
    expect(isUserError(new Error('bug'))).toBe(false);
    expect(isUserError('text')).toBe(false);
  });
});
