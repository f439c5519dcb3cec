import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PluginUserError } from './user-error';

/**
 * The bin script of a Node CLI installed in the workspace (typescript's tsc, jest), resolved from
 * the workspace root through its package.json `bin` (packages' exports maps may hide the file), so
 * the user's version runs; one line saying what to install when it is absent.
 */
export function workspaceBin(workspaceRoot: string, pkg: string, bin: string): string {
  let manifest: string;
  try {
    manifest = require.resolve(`${pkg}/package.json`, { paths: [workspaceRoot] });
  } catch {
    throw new PluginUserError(`${pkg} is not installed in the workspace: run "npm install -D ${pkg}"`);
  }
  const bins = JSON.parse(readFileSync(manifest, 'utf8')).bin as string | Record<string, string> | undefined;
  const file = typeof bins === 'string' ? bins : bins?.[bin];
  if (!file) throw new PluginUserError(`${pkg} has no "${bin}" command; reinstall it ("npm install -D ${pkg}")`);
  return join(dirname(manifest), file);
}
