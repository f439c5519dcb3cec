import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { version } from './version';

describe('version', () => {
  it('is the version in package.json', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(version).toBe(pkg.version);
  });
});
