/**
 * Failures a user can cause (bad key, bad file, bad token). The CLI prints them as one line
 * because they carry `isUserError`; messages name the thing at fault but never a seed.
 */
export class WascapError extends Error {
  readonly isUserError = true;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A key string that is not a valid nkey (length, alphabet, checksum, prefix or role). */
export class InvalidKeyError extends WascapError {}

/** A key file or key directory that cannot be read or written. */
export class KeyStoreError extends WascapError {}

/** Bytes that are not a well-formed WebAssembly module or component. */
export class InvalidWasmError extends WascapError {}

/** A JWT that cannot be decoded, or whose header or claims are malformed. */
export class InvalidTokenError extends WascapError {}

/** The token's signature does not verify with the key in `iss`. */
export class InvalidSignatureError extends WascapError {}

/** The `hash` claim does not match the module's code. */
export class InvalidModuleHashError extends WascapError {}

/** `exp` is in the past. */
export class TokenExpiredError extends WascapError {}

/** `nbf` is in the future. */
export class TokenNotYetValidError extends WascapError {}

/** The module carries no `jwt` / `wasmcloud_jwt` section. */
export class MissingClaimsError extends WascapError {}

/** An option value wash would reject (call alias, revision, days). */
export class InvalidClaimsOptionError extends WascapError {}

/** A module file that cannot be used as input: missing, not a regular file, or over the size limit. */
export class ModuleFileError extends WascapError {}
