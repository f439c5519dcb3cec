import { ParseError, shown, SmithyError } from './errors';

describe('errors', () => {
  it('ParseError is a one-line user error with its position', () => {
    const e = new ParseError('a.smithy', 3, 7, 'expected a value');
    expect([e.message, e.isUserError, e.name]).toEqual(['a.smithy:3:7: expected a value', true, 'ParseError']);
  });

  it('SmithyError is a user error', () => {
    expect(new SmithyError('bad model').isUserError).toBe(true);
  });

  it('shown() keeps a model value on one line without terminal escapes', () => {
    expect(shown('0')).toBe('0');
    expect(shown('2\n\u001b[31mfake line\u202e')).toBe('2\\u{a}\\u{1b}[31mfake line\\u{202e}');
    expect(shown('x'.repeat(200), 10)).toBe('xxxxxxxxxx...');
  });
});
