import fc from 'fast-check';
import { escapeControl, hasControl, shown, terminalJson } from './terminal-text';
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

describe('the unsafe set', () => {
  it('escapeControl changes exactly the unsafe characters and the backslash, over the whole BMP', () => {
    for (let code = 0; code < 0x10000; code++) {
      const c = String.fromCharCode(code);
      if ((escapeControl(c) !== c) !== (UNSAFE.test(c) || c === '\\')) throw new Error(`U+${code.toString(16)} handled wrongly`);
    }
  });
});

describe('hasControl', () => {
  it('is true exactly for the unsafe characters, over the whole BMP', () => {
    for (let code = 0; code < 0x10000; code++) {
      const c = String.fromCharCode(code);
      if (hasControl(`a${c}b`) !== UNSAFE.test(c)) throw new Error(`U+${code.toString(16)} handled wrongly`);
    }
  });
});

describe('shown', () => {
  it('keeps a value on one line without terminal escapes or bidi controls, backslashes as they are, long values cut', () => {
    expect(shown('x86_64-linux')).toBe('x86_64-linux');
    expect(shown('a\n\u001b[31mb\u202e\u061c\u200e\u200f')).toBe('a\\n\\x1b[31mb\\u202e\\u061c\\u200e\\u200f');
    expect(shown('the \\0asm magic')).toBe('the \\0asm magic');
    expect(shown('y'.repeat(200), 5)).toBe('yyyyy...');
  });

  it('property: the result holds no unsafe character', () => {
    fc.assert(
      fc.property(hostile, (text) => expect(shown(text, 1000)).not.toMatch(UNSAFE)),
      { numRuns: 300 },
    );
  });
});

describe('terminalJson', () => {
  it('keeps JSON valid while escaping what drives a terminal', () => {
    const value = { s: 'a\u202eb\u0085c\n' };
    const out = terminalJson(value);
    expect(out).toBe('{"s":"a\\u202eb\\u0085c\\n"}');
    expect(JSON.parse(out)).toEqual(value);
  });

  it('property: the result holds no unsafe character and parses back to the value', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const out = terminalJson({ text });
        expect(out).not.toMatch(UNSAFE);
        expect(JSON.parse(out)).toEqual({ text });
      }),
      { numRuns: 300 },
    );
  });
});
