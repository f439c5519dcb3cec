import { CallTimeoutError, GuestError, HostUserError, RPC_TIMEOUT_ERROR } from './errors';

describe('errors', () => {
  it('are typed, one-line user errors with their own names', () => {
    const timeout = new CallTimeoutError('t');
    expect(timeout).toBeInstanceOf(GuestError);
    expect(timeout.name).toBe('CallTimeoutError');
    expect(new HostUserError('x').isUserError).toBe(true);
    expect(new GuestError('y').isUserError).toBe(true);
    expect(new HostUserError('x')).not.toBeInstanceOf(GuestError);
  });
  it("the timeout string is otp's", () => {
    expect(RPC_TIMEOUT_ERROR).toBe('Failed to perform RPC call: request timeout');
  });
});
