import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// This file imports nothing but node: the CLI, the plugin and the host read their own version at
// start-up through the `@nx-wasmcloud/wascap/package-version` subpath, without loading the crypto.

/**
 * The `version` field of `<packageRoot>/package.json`. Each package passes its own root, so the
 * version it reports is the one it was published with, whatever the other packages' versions are.
 */
export function packageVersion(packageRoot: string): string {
  const version: unknown = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')).version;
  if (typeof version !== 'string') throw new Error(`${join(packageRoot, 'package.json')}: no version field`);
  return version;
}
