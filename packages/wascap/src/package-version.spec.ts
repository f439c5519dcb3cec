import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageVersion } from './package-version';

describe('packageVersion', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'package-version-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the version of the package.json in the given root', () => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '1.2.3-rc.1' }));
    expect(packageVersion(dir)).toBe('1.2.3-rc.1');
  });

  it("is wascap's own version for wascap's root", () => {
    expect(packageVersion(join(__dirname, '..'))).toBe(require('../package.json').version);
  });

  it('names the file when it has no version', () => {
    writeFileSync(join(dir, 'package.json'), '{"name":"x"}');
    expect(() => packageVersion(dir)).toThrow(`${join(dir, 'package.json')}: no version field`);
  });
});
