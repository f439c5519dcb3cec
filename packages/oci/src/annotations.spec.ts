import { OciError } from './errors';
import { parseAnnotation, parseAnnotations, parseKeyValues, splitKeyValue } from './annotations';

describe('parseAnnotation(s)', () => {
  it('splits at the first =, keeps an empty value, and lets a later key win', () => {
    expect(parseAnnotation('a=b=c')).toEqual(['a', 'b=c']);
    expect(parseAnnotation('k=')).toEqual(['k', '']);
    expect(parseAnnotations(['x=1', 'y=2', 'x=3'])).toEqual({ x: '3', y: '2' });
    expect(parseAnnotations([])).toBeUndefined();
    expect(parseAnnotations(undefined)).toBeUndefined();
  });

  it('refuses a missing key or = as a user error naming the value', () => {
    expect(() => parseAnnotation('=v')).toThrow(OciError);
    expect(() => parseAnnotation('novalue')).toThrow(/annotation 'novalue' must be key=value/);
  });
});

describe('splitKeyValue and parseKeyValues', () => {
  it('split at the first =, keep an empty value, let a later key win', () => {
    expect(splitKeyValue('a=b=c')).toEqual(['a', 'b=c']);
    expect(splitKeyValue('k=')).toEqual(['k', '']);
    expect(parseKeyValues(['x=1', 'y=2', 'x=3'], () => new Error('bad'))).toEqual({ x: '3', y: '2' });
    expect(parseKeyValues([], () => new Error('bad'))).toEqual({});
  });

  it("refuse a missing key or = with the caller's error", () => {
    expect(splitKeyValue('=v')).toBeUndefined();
    expect(splitKeyValue('novalue')).toBeUndefined();
    expect(() => parseKeyValues(['a=1', 'novalue'], (t) => new RangeError(`'${t}' is not KEY=VALUE`))).toThrow(new RangeError("'novalue' is not KEY=VALUE"));
  });
});
