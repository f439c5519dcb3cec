import { scratchDir } from './scratch';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Distribution's htpasswd auth only accepts bcrypt; `openssl passwd` has no bcrypt mode and
// apache2-utils (htpasswd) is not installed, so the bcrypt line is made with bcryptjs.

const bcrypt: { hashSync(password: string, rounds: number): string } = require('bcryptjs');

/** Writes an htpasswd file with one bcrypt user line and returns its path. */
export function makeHtpasswd(user: string, password: string): string {
  const dir = scratchDir('nx-wasmcloud-htpasswd-');
  const file = join(dir, 'htpasswd');
  // Cost 5 keeps test start-up fast; the registry accepts any valid bcrypt cost.
  writeFileSync(file, `${user}:${bcrypt.hashSync(password, 5)}\n`, { mode: 0o600 });
  return file;
}
