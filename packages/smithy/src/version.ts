import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package version, read from package.json so it is never out of step with what was published. */
export const version: string = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version;
