import { SmithyError } from '../errors';

/**
 * Model strings (contract ids, @serialization names, doc comments, metadata) reach Rust source only
 * through these helpers, so a model can never turn its text into code. Plain ASCII text comes out as
 * weld writes it, which keeps the output byte-identical to weld's for every real model.
 */

/** Characters rustc refuses or warns about in literals and comments: controls and bidi overrides. */
const UNSAFE_CHAR = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/gu;

const HAS_UNSAFE_CHAR = new RegExp(UNSAFE_CHAR.source, 'u');

const unicodeEscape = (c: string): string => `\\u{${c.codePointAt(0)!.toString(16)}}`;

/** A Rust string literal (quotes included) whose value is exactly `s`. */
export function rustString(s: string): string {
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(UNSAFE_CHAR, unicodeEscape);
  return `"${body}"`;
}

/**
 * Text for one `///` line: a line comment ends only at a line break, so breaks become spaces; other
 * controls (a bare CR is a rustc error in doc comments) and bidi overrides are shown as `\u{..}`.
 */
export function docInline(s: string): string {
  return s.replace(/\r\n|\r|\n/g, ' ').replace(UNSAFE_CHAR, unicodeEscape);
}

/**
 * `/// line` per line of `text`, as weld writes doc comments (trailing blanks dropped). The text is
 * normalised and escaped once as a whole and each line trimmed by hand: doc strings can be tens of
 * megabytes, and three regular expressions per line made that the slowest part of generation.
 */
export function documentation(text: string): string {
  let clean = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  if (HAS_UNSAFE_CHAR.test(clean)) clean = clean.replace(UNSAFE_CHAR, unicodeEscape);
  return `/// ${clean.split('\n').map(trimBlanks).join('\n/// ')}\n`;
}

/** Trailing spaces and tabs removed, without a regular expression (`[ \t]+$` backtracks on long runs). */
function trimBlanks(line: string): string {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 32 || line.charCodeAt(end - 1) === 9)) end--;
  return end === line.length ? line : line.slice(0, end);
}

const RUST_IDENT = /^(r#)?[A-Za-z_][A-Za-z0-9_]*$/;
const RUST_PATH = /^(::)?[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*$/;
const SMITHY_NAMESPACE = /^(_+[A-Za-z0-9]|[A-Za-z])[A-Za-z0-9_]*(\.(_+[A-Za-z0-9]|[A-Za-z])[A-Za-z0-9_]*)*$/;

/** A name the model chose for Rust (`@rename` lang "Rust"): must be a Rust identifier. */
export function checkRustIdent(name: string, what: string): string {
  if (!RUST_IDENT.test(name) || name === '_') {
    throw new SmithyError(`${what}: ${JSON.stringify(name)} is not a Rust identifier (letters, digits and _, not starting with a digit)`);
  }
  return name;
}

/** A crate path from `metadata package` (`wasmbus_rpc::core`): pasted before `::Type`. */
export function checkRustPath(path: string, what: string): string {
  if (!RUST_PATH.test(path)) throw new SmithyError(`${what}: ${JSON.stringify(path)} is not a Rust path (like my_crate::model)`);
  return path;
}

/** A Smithy namespace (`org.example.calc`); it appears in a `// namespace:` comment. */
export function checkNamespace(ns: string, what: string): string {
  if (!SMITHY_NAMESPACE.test(ns)) throw new SmithyError(`${what}: ${JSON.stringify(ns)} is not a Smithy namespace (identifiers joined by '.')`);
  return ns;
}
