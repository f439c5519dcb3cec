import { homedir } from 'node:os';
import * as path from 'node:path';

// This file imports nothing but node: the plugin's hash-input process reads the rule through the
// `@nx-wasmcloud/wascap/key-directory` subpath on every task hash, without loading the crypto.

export interface KeyDirectoryOptions {
  /** `--directory` (or an executor's option); wins over everything. */
  directory?: string;
  /**
   * A project's own key directory (`[actor] key_directory` of wasmcloud.toml), already resolved
   * against the project. wash 0.2x lets WASH_KEYS win over it, and so does this.
   */
  projectDirectory?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * The one key directory rule: `--directory`, else `$WASH_KEYS`, else the project's
 * `key_directory`, else `~/.wash/keys` (wash's `cfg_dir()/keys`).
 */
export function keyDirectory(opts: KeyDirectoryOptions = {}): string {
  const env = opts.env ?? process.env;
  if (opts.directory) return path.resolve(opts.directory);
  if (env.WASH_KEYS) return path.resolve(env.WASH_KEYS);
  if (opts.projectDirectory) return path.resolve(opts.projectDirectory);
  return path.join(env.HOME || homedir(), '.wash', 'keys');
}
