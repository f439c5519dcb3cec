import { isUserError } from '@nx-wasmcloud/wascap';
import { PluginUserError } from './user-error';

describe('PluginUserError', () => {
  it("is recognised as a user error by wascap's isUserError", () => {
    expect(isUserError(new PluginUserError('x'))).toBe(true);
  });
});
