import { backoffDelay, DEFAULT_RETRY, isRetryableNetworkError, parseRetryAfter, RetryableError, withRetry } from './retry';

const fast = { attempts: 4, baseDelayMs: 1, maxDelayMs: 4 };

describe('withRetry', () => {
  it('retries retryable failures and returns the first success', async () => {
    let calls = 0;
    const retries: number[] = [];
    const result = await withRetry(
      'upload',
      fast,
      async () => {
        calls++;
        if (calls < 3) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        return 'ok';
      },
      (i) => retries.push(i.attempt),
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(retries).toEqual([1, 2]);
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    await expect(
      withRetry('x', fast, async () => {
        calls++;
        throw new Error('400 bad request');
      }),
    ).rejects.toThrow('400 bad request');
    expect(calls).toBe(1);
  });

  it('gives up after the policy attempts with a user error naming the step and the last cause', async () => {
    let calls = 0;
    const err = await withRetry('PUT manifest', fast, async () => {
      calls++;
      throw new RetryableError('registry answered 503 Service Unavailable');
    }).catch((e) => e);
    expect(calls).toBe(4);
    expect(err.isUserError).toBe(true);
    expect(err.message).toBe('PUT manifest failed after 4 attempts: registry answered 503 Service Unavailable');
  });
});

describe('retry helpers', () => {
  it('classifies dropped connections as retryable', () => {
    expect(isRetryableNetworkError(Object.assign(new Error('x'), { code: 'EPIPE' }))).toBe(true);
    expect(isRetryableNetworkError(new Error('socket hang up'))).toBe(true);
    expect(isRetryableNetworkError(new Error('certificate has expired'))).toBe(false);
  });

  it('parses Retry-After seconds and caps it', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('9999')).toBe(30_000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('backs off exponentially within [ceiling/2, ceiling], capped at maxDelay', () => {
    expect(backoffDelay(DEFAULT_RETRY, 0, () => 0)).toBe(125);
    expect(backoffDelay(DEFAULT_RETRY, 0, () => 1)).toBe(250);
    expect(backoffDelay(DEFAULT_RETRY, 3, () => 1)).toBe(2000);
    expect(backoffDelay(DEFAULT_RETRY, 10, () => 1)).toBe(8000);
  });
});

describe('withRetry cancellation', () => {
  it('stops waiting and gives up at once when aborted during a backoff pause', async () => {
    const abort = new AbortController();
    // A 10-minute backoff: without the abort this test could only end by timing out.
    const slow = { attempts: 5, baseDelayMs: 600_000, maxDelayMs: 600_000 };
    const pending = withRetry(
      'upload',
      slow,
      async () => {
        throw new RetryableError('503');
      },
      undefined,
      abort.signal,
    ).catch((e) => e);
    setTimeout(() => abort.abort(), 20);
    const err = await pending;
    expect(err.message).toBe('upload cancelled');
  });

  it('does not wait out a backoff when the try itself failed because of the abort', async () => {
    const abort = new AbortController();
    const slow = { attempts: 5, baseDelayMs: 600_000, maxDelayMs: 600_000 };
    // The abort lands while the try runs (as when it cancels an upload in flight): the signal is
    // already aborted when the backoff pause starts, and no 'abort' event will come.
    const err = await withRetry(
      'upload',
      slow,
      async () => {
        abort.abort();
        throw new RetryableError('socket closed');
      },
      undefined,
      abort.signal,
    ).catch((e) => e);
    expect(err.message).toBe('upload cancelled');
  });
});
