import fc from 'fast-check';

/** What must never reach a terminal unescaped from untrusted text (escapeControl's set, less the backslash). */
export const UNSAFE_IN_TERMINAL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Text an attacker would put into claims: terminal sequences, fake lines, bidi overrides, plus anything. */
export const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '\x1b[2J',
        '\x1b]0;owned\x07',
        '\n  Account  AFAKE',
        '\r',
        '\u202e',
        '\u2066',
        '\u2028',
        '\u2029',
        '\x9b31m',
        '\x7f',
        '\x00',
        '\t',
        '\\x1b',
        'é',
        'ok',
      ),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
      fc.string({ unit: 'binary', maxLength: 4 }),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join(''));
