/**
 * Failures a user can cause or fix (bad reference, registry refusal, wrong digest, missing
 * credentials). The CLI prints these as one line, without a stack.
 */
export class OciError extends Error {
  readonly isUserError = true;
  constructor(message: string) {
    super(message);
    this.name = 'OciError';
  }
}

/** The reference string does not parse; the message names the offending part. */
export class InvalidReferenceError extends OciError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidReferenceError';
  }
}

/** The registry answered with an error status that retrying will not fix. */
export class RegistryError extends OciError {
  constructor(
    message: string,
    readonly status?: number,
    /** The distribution error codes of the registry's answer (MANIFEST_BLOB_UNKNOWN, DENIED, …). */
    readonly codes: string[] = [],
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** The registry asked for credentials we do not have, or refused the ones we sent. */
export class AuthError extends OciError {
  constructor(message: string) {
    super(message);
    this.name = 'AuthError';
  }
}

/** Content did not hash to the digest it was addressed by. */
export class DigestMismatchError extends OciError {
  constructor(message: string) {
    super(message);
    this.name = 'DigestMismatchError';
  }
}
