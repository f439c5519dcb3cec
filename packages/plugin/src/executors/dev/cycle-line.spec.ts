import { cycleLine, describeChanges } from './cycle-line';

describe('dev cycle line', () => {
  it('names what changed, the digest and each step time', () => {
    const steps = [
      { name: 'build', ms: 8100 },
      { name: 'sign', ms: 40 },
      { name: 'push', ms: 120 },
      { name: 'deploy', ms: 310 },
    ];
    expect(cycleLine('hello', ['hello/src/lib.rs'], steps, { digest: 'sha256:ab' })).toBe(
      'hello: hello/src/lib.rs -> sha256:ab running in 8.57s (build 8.10s, sign 0.04s, push 0.12s, deploy 0.31s)',
    );
  });
  it('says which step failed and that the old version keeps running', () => {
    expect(cycleLine('hello', ['a.rs'], [{ name: 'build', ms: 12_345 }], { failed: 'build' })).toBe(
      'hello: a.rs -> build failed after 12.3s (build 12.3s); the previous version keeps running',
    );
  });
  it('deduplicates and caps the list of changed files', () => {
    expect(describeChanges(['d', 'a', 'b', 'a', 'c'])).toBe('a, b, c (+1 more)');
    expect(describeChanges([])).toBe('start');
  });
});
