import { lstat, readdir, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { OciError } from './errors';
import { libCacheDir, ociCacheDir } from './host-cache';

export type DrainSelector = 'all' | 'lib' | 'oci' | 'smithy' | 'downloads';
export const DRAIN_SELECTORS: readonly DrainSelector[] = ['all', 'lib', 'oci', 'smithy', 'downloads'];

export function downloadsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.HOME ?? homedir(), '.wash', 'downloads');
}

export interface DrainOptions {
  /**
   * weld's Smithy model cache (`smithyCacheDir()` of @nx-wasmcloud/smithy, which fills it); needed
   * by the `smithy` and `all` selectors. Passed in so the rule lives in one place, the package that
   * writes there.
   */
  smithyDir?: string;
}

function smithyDir(options: DrainOptions): string {
  if (!options.smithyDir) throw new Error("drain: the smithy and all selectors need options.smithyDir (@nx-wasmcloud/smithy's smithyCacheDir())");
  return options.smithyDir;
}

/** The directories a selector names, in wash's order (all = lib, oci, smithy, downloads). */
export function drainPaths(selector: DrainSelector, env: NodeJS.ProcessEnv = process.env, options: DrainOptions = {}): string[] {
  switch (selector) {
    case 'lib':
      return [libCacheDir(env)];
    case 'oci':
      return [ociCacheDir(env)];
    case 'smithy':
      return [smithyDir(options)];
    case 'downloads':
      return [downloadsDir(env)];
    case 'all':
      return [libCacheDir(env), ociCacheDir(env), smithyDir(options), downloadsDir(env)];
    default:
      throw new OciError(`unknown drain selector '${selector as string}': use one of ${DRAIN_SELECTORS.join(', ')}`);
  }
}

/**
 * `wash drain`: removes the contents of each selected directory, keeping the directory itself and
 * skipping missing ones. Symlinks inside are removed as links, never followed; a cache directory
 * that is itself a symlink is refused, since emptying it would delete files elsewhere.
 * Returns every selected path, as wash prints them.
 */
export async function drain(selector: DrainSelector, env: NodeJS.ProcessEnv = process.env, options: DrainOptions = {}): Promise<string[]> {
  const paths = drainPaths(selector, env, options);
  for (const dir of paths) {
    const st = await lstat(dir).catch(() => undefined);
    if (!st) continue;
    if (st.isSymbolicLink()) throw new OciError(`refusing to drain ${dir}: it is a symbolic link (remove the link or drain its target by hand)`);
    if (!st.isDirectory()) throw new OciError(`cannot drain ${dir}: it is not a directory`);
    for (const entry of await readdir(dir)) {
      // rm() unlinks a symlink itself; recursive removal does not descend through links.
      await rm(join(dir, entry), { recursive: true, force: true });
    }
  }
  return paths;
}
