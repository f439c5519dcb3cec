import { shown } from './shown';

describe('shown', () => {
  it('keeps a claims value on one line without terminal escapes', () => {
    expect(shown('x86_64-linux')).toBe('x86_64-linux');
    expect(shown('a\n\u001b[31mb\u202e')).toBe('a\\u{a}\\u{1b}[31mb\\u{202e}');
    expect(shown('y'.repeat(200), 5)).toBe('yyyyy...');
  });
});
