/**
 * Failures a user can cause or fix: a refused actor (names the actor and the reason), bad input,
 * an oversize payload, an unknown actor. The CLI prints them as one line because they carry
 * `isUserError`.
 */
export class HostUserError extends Error {
  readonly isUserError = true;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The actor answered with an error (its `__guest_error` text, verbatim) or trapped. Also a user
 * error: the message is what the actor said, and the CLI prints it as one line.
 */
export class GuestError extends Error {
  readonly isUserError = true;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The per-call timeout ended the call; the instance that ran it was discarded. */
export class CallTimeoutError extends GuestError {}

/** The host error string every wasmCloud host gives for a call that got no answer in time (otp imports.ex). */
export const RPC_TIMEOUT_ERROR = 'Failed to perform RPC call: request timeout';
