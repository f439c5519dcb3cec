import { isAbsolute, join } from 'node:path';

/**
 * The key directory for signing, by wash 0.22's precedence: an explicit option, then WASH_KEYS, then
 * [actor] key_directory (relative to the project), then the library default (~/.wash/keys).
 * Returns undefined when the library should apply WASH_KEYS / its default itself.
 */
export function signingKeyDirectory(opts: {
  explicit?: string;
  tomlDirectory?: string;
  projectDir: string;
  env: NodeJS.ProcessEnv;
}): string | undefined {
  if (opts.explicit) return opts.explicit;
  if (opts.env.WASH_KEYS) return undefined;
  if (opts.tomlDirectory) return isAbsolute(opts.tomlDirectory) ? opts.tomlDirectory : join(opts.projectDir, opts.tomlDirectory);
  return undefined;
}
