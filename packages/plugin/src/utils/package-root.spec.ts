import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root';

describe('packageRoot', () => {
  it("finds this package's own directory", () => {
    expect(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).name).toBe('@nx-wasmcloud/plugin');
    expect(existsSync(join(packageRoot(), 'executors.json'))).toBe(true);
  });
});
