import { SmithyError } from './errors';
import { DEFAULT_LIMITS, limitsFromEnv, showMs } from './limits';

describe('limits', () => {
  it('defaults, and raises each limit from its environment variable', () => {
    expect(limitsFromEnv({})).toEqual(DEFAULT_LIMITS);
    expect(
      limitsFromEnv({ SMITHY_DOWNLOAD_TIMEOUT: '120', SMITHY_DOWNLOAD_MAX_BYTES: '1000', SMITHY_FORMATTER_TIMEOUT: '0.5', SMITHY_MAX_FILE_BYTES: '2e9' }),
    ).toEqual({
      downloadTimeoutMs: 120_000,
      downloadMaxBytes: 1000,
      formatterTimeoutMs: 500,
      fileMaxBytes: 2e9,
    });
  });

  it('refuses a value that is not a positive number', () => {
    expect(() => limitsFromEnv({ SMITHY_DOWNLOAD_TIMEOUT: 'soon' })).toThrow(new SmithyError('SMITHY_DOWNLOAD_TIMEOUT="soon" is not a positive number'));
    expect(() => limitsFromEnv({ SMITHY_DOWNLOAD_MAX_BYTES: '-1' })).toThrow(SmithyError);
  });

  it('shows durations in s or ms', () => {
    expect(showMs(30_000)).toBe('30 s');
    expect(showMs(300)).toBe('300 ms');
  });
});
