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

/**
 * A model or config value as it may appear in an error: control and bidi characters shown as
 * `\u{..}` and long values cut, so a hostile value cannot add lines or terminal escapes to the message.
 */
export function shown(value: string, max = 120): string {
  const safe = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
  return safe.length > max ? `${safe.slice(0, max)}...` : safe;
}
