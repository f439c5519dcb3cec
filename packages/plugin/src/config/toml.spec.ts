import { isTable, parseTomlFile } from './toml';

describe('parseTomlFile', () => {
  it('returns the document, and names the file in one line for invalid TOML', () => {
    expect(parseTomlFile('a = 1\n[b]\nc = "d"\n', 'x.toml')).toEqual({ a: 1, b: { c: 'd' } });
    let err: unknown;
    try {
      parseTomlFile('a = \n', 'dir/x.toml');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ isUserError: true });
    expect((err as Error).message).toMatch(/^dir\/x\.toml: not valid TOML \(.+\); fix the file$/);
    expect((err as Error).message).not.toContain('\n');
  });

  it('tells tables from arrays, null and scalars', () => {
    expect([{}, [], null, 'x', 1].map(isTable)).toEqual([true, false, false, false, false]);
  });
});
