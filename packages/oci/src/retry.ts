import { RegistryError } from './errors';

export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 8000 };

/** A failure that a later identical request may not hit: 5xx, 429, a dropped connection. */
export class RetryableError extends Error {
  constructor(
    message: string,
    /** From Retry-After, when the server said how long to wait. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'RetryableError';
  }
}

const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
  'ENOTCONN',
]);

/** Network-level errors that mean "the connection went away", not "the request is wrong". */
export function isRetryableNetworkError(err: unknown): boolean {
  if (err instanceof RetryableError) return true;
  const e = err as { code?: string; message?: string };
  return Boolean((e.code && RETRYABLE_CODES.has(e.code)) || /socket hang up|aborted|premature close/i.test(e.message ?? ''));
}

/** Parses Retry-After (seconds or an HTTP date), capped so a hostile header cannot stall us. */
export function parseRetryAfter(value: string | undefined, capMs = 30_000): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  return Number.isFinite(ms) ? Math.max(0, Math.min(ms, capMs)) : undefined;
}

/** Exponential backoff with full jitter, so parallel clients do not retry in lockstep. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Runs `fn` until it succeeds, retrying retryable failures with backoff. Every try must be a full,
 * idempotent step (bodies are re-opened from disk by the step itself).
 */
export async function withRetry<T>(
  what: string,
  policy: RetryPolicy,
  fn: (attempt: number) => Promise<T>,
  onRetry?: (info: { what: string; attempt: number; delayMs: number; reason: string }) => void,
  signal?: AbortSignal,
): Promise<T> {
  let last: unknown;
  for (let attempt = 0; attempt < policy.attempts; attempt++) {
    if (signal?.aborted) throw new RegistryError(`${what} cancelled`);
    try {
      return await fn(attempt);
    } catch (err) {
      if (!isRetryableNetworkError(err)) throw err;
      last = err;
      if (attempt + 1 >= policy.attempts) break;
      const delayMs = Math.max((err as RetryableError).retryAfterMs ?? 0, backoffDelay(policy, attempt));
      onRetry?.({ what, attempt: attempt + 1, delayMs, reason: describe(err) });
      await sleep(delayMs, signal);
    }
  }
  throw new RegistryError(`${what} failed after ${policy.attempts} attempts: ${describe(last)}`);
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code && !(e.message ?? '').includes(e.code) ? `${e.message} (${e.code})` : String(e.message ?? err);
}

/** A backoff pause that an abort ends at once (a cancelled step must not hold the process open). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    // An already-aborted signal never fires 'abort' again.
    if (signal?.aborted) return done();
    signal?.addEventListener('abort', done, { once: true });
  });
}
