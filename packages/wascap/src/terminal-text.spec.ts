import fc from 'fast-check';
import { escapeControl } from './terminal-text';
import { hostileText as hostile, UNSAFE_IN_TERMINAL as UNSAFE } from './test-support/hostile-text';

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
