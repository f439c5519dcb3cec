import fc from 'fast-check';
import { escapeControl } from './terminal-text';

/** What must never reach a terminal unescaped from untrusted text. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Text an attacker would put into claims: terminal sequences, fake lines, bidi overrides, plus anything. */
const hostile = fc
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

/** Undoes escapeControl, to show that the escaping loses nothing. */
function unescape(text: string): string {
  return text.replace(/\\(\\|n|r|t|x[0-9a-f]{2}|u[0-9a-f]{4})/g, (_, e: string) =>
    e === '\\' ? '\\' : e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : String.fromCharCode(parseInt(e.slice(1), 16)),
  );
}

describe('escapeControl', () => {
  it('property: the result holds no control, separator or bidi character, and can be read back exactly', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const out = escapeControl(text);
        expect(out).not.toMatch(UNSAFE);
        expect(unescape(out)).toBe(text);
      }),
      { numRuns: 500 },
    );
    expect(escapeControl('plain text, é, 日本')).toBe('plain text, é, 日本');
    expect(escapeControl('\x1b[31mred\n\u202e')).toBe('\\x1b[31mred\\n\\u202e');
    expect(escapeControl('a\\b', { backslash: false })).toBe('a\\b');
  });
});
