import { lstat, readdir, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { OciError } from './errors';
import { libCacheDir, ociCacheDir } from './host-cache';

export type DrainSelector = 'all' | 'lib' | 'oci' | 'smithy' | 'downloads';
export const DRAIN_SELECTORS: readonly DrainSelector[] = ['all', 'lib', 'oci', 'smithy', 'downloads'];

/** weld's smithy cache: directories::BaseDirs::cache_dir()/smithy. */
export function smithyCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.HOME ?? homedir();
  if (process.platform === 'darwin') return join(home, 'Library', 'Caches', 'smithy');
  if (process.platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'smithy');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'smithy');
}

export function downloadsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.HOME ?? homedir(), '.wash', 'downloads');
}

/** The directories a selector names, in wash's order (all = lib, oci, smithy, downloads). */
export function drainPaths(selector: DrainSelector, env: NodeJS.ProcessEnv = process.env): string[] {
  switch (selector) {
    case 'lib':
      return [libCacheDir(env)];
    case 'oci':
      return [ociCacheDir(env)];
    case 'smithy':
      return [smithyCacheDir(env)];
    case 'downloads':
      return [downloadsDir(env)];
    case 'all':
      return [libCacheDir(env), ociCacheDir(env), smithyCacheDir(env), downloadsDir(env)];
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
export async function drain(selector: DrainSelector, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const paths = drainPaths(selector, env);
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
