import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { keyDirectory } from './key-directory';

describe('keyDirectory', () => {
  it('prefers --directory, then WASH_KEYS, then the project key_directory, then ~/.wash/keys', () => {
    expect(keyDirectory({ directory: '/a', projectDirectory: '/p', env: { WASH_KEYS: '/b', HOME: '/h' } })).toBe('/a');
    expect(keyDirectory({ projectDirectory: '/p', env: { WASH_KEYS: '/b', HOME: '/h' } })).toBe('/b');
    expect(keyDirectory({ projectDirectory: '/p', env: { HOME: '/h' } })).toBe('/p');
    expect(keyDirectory({ env: { HOME: '/h' } })).toBe('/h/.wash/keys');
  });

  it('imports nothing but node built-ins, so a process can read the rule without the crypto', () => {
    const src = path.join(__dirname, 'key-directory.ts');
    const imports = [...readFileSync(src, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.every((i) => i.startsWith('node:'))).toBe(true);
  });
});
