import { ParseError, SmithyError } from './errors';

describe('errors', () => {
  it('ParseError is a one-line user error with its position', () => {
    const e = new ParseError('a.smithy', 3, 7, 'expected a value');
    expect([e.message, e.isUserError, e.name]).toEqual(['a.smithy:3:7: expected a value', true, 'ParseError']);
  });

  it('SmithyError is a user error', () => {
    expect(new SmithyError('bad model').isUserError).toBe(true);
  });
});
