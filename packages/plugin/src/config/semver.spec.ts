import { isSemver } from './semver';

describe('isSemver', () => {
  it.each(['0.1.0', '1.2.3-alpha.1', '1.0.0+build.5', '10.20.30-rc.1+meta'])('accepts %s', (v) => expect(isSemver(v)).toBe(true));
  it.each(['0.1', 'v1.0.0', '01.0.0', '1.0.0-', ''])('rejects %s', (v) => expect(isSemver(v)).toBe(false));
});
