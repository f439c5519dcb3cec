/**
 * Exit codes, as wash users expect: 0 success, 1 the operation failed, 2 the command line was wrong.
 */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A command line that cannot be acted on: bad flag combination, missing argument, malformed value. */
export class UsageError extends Error {
  readonly isUserError = true;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Libraries mark the failures a user can cause (bad file, bad key, registry refusal) with
 * `isUserError = true`: those print as one line. Anything else is a bug and keeps its stack,
 * unless NX_WASMCLOUD_DEBUG is unset, in which case it still prints one line plus a hint.
 * wascap's test, required only when an error is being described: `push` starts without wascap.
 */
export function isUserError(err: unknown): err is Error {
  return (require('@nx-wasmcloud/wascap') as typeof import('@nx-wasmcloud/wascap')).isUserError(err);
}

/**
 * A user error's message often quotes what the user or an artifact supplied (a target name, a
 * registry's reply): `escape` (output.ts's escapeControl, passed by run()) keeps the one line one
 * line and unable to drive the terminal.
 */
export function describeError(err: unknown, debug: boolean, escape: (s: string) => string = (s) => s): string {
  if (isUserError(err)) return `error: ${escape(err.message)}`;
  if (err instanceof Error) {
    return debug ? `error: ${err.stack ?? err.message}` : `error: ${err.message} (set NX_WASMCLOUD_DEBUG=1 for details)`;
  }
  return `error: ${String(err)}`;
}
