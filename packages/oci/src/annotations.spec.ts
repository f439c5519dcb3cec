import { OciError } from './errors';
import { parseAnnotation, parseAnnotations } from './annotations';

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
