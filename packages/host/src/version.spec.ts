import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOST_VERSION } from './version';

it('HOST_VERSION is the package version', () => {
  expect(HOST_VERSION).toBe(JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version);
});
