/**
 * Failures a user can cause with a bad archive, binary or option. The CLI prints them as one
 * line because they carry `isUserError`; each message names the file, entry or value at fault.
 */
export class ParError extends Error {
  readonly isUserError = true;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A target name that hosts would never select (e.g. `x86_64-darwin`), or an unknown Rust triple. */
export class InvalidTargetError extends ParError {}

/** The archive is not a well-formed PAR: bad tar header, unsafe entry, missing claims or binaries. */
export class MalformedArchiveError extends ParError {}

/** The archive (or its gzip stream) ends before its last entry does. */
export class TruncatedArchiveError extends ParError {}

/** A binary's SHA-256 differs from its `target_hashes` entry in the claims. */
export class TargetHashMismatchError extends ParError {}

/** The claims JWT does not verify with its issuer's key, or cannot be decoded. */
export class InvalidClaimsError extends ParError {}

/** The requested target is not in the archive. */
export class TargetNotFoundError extends ParError {}

/** A binary, schema or output path that cannot be read or written. */
export class ParIoError extends ParError {}
