/** A syntax error in a .smithy file: where it is and, in one line, why. */
export class ParseError extends Error {
  readonly isUserError = true;
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${column}: ${reason}`);
    this.name = 'ParseError';
  }
}

/** A model, codegen.toml or generation problem the user can fix (bad reference, bad @n, missing file). */
export class SmithyError extends Error {
  readonly isUserError = true;
  constructor(message: string) {
    super(message);
    this.name = 'SmithyError';
  }
}
