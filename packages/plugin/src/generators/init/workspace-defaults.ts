import { addDependenciesToPackageJson, readNxJson, updateNxJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { execFileSync } from 'node:child_process';
import { version } from '../../version';

/** The packages a workspace using the plugin needs at hand: the plugin and the CLI its help commands run. */
export const DEV_DEPENDENCIES = ['@nx-wasmcloud/plugin', '@nx-wasmcloud/cli'];

function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The repository's default branch, for nx.json `defaultBase` (without it `nx affected` compares with
 * `main`, which a `master` repository lacks): the remote's HEAD, else a local main or master, else
 * the branch checked out (a fresh `git init`), else `main`.
 */
export function defaultBranch(root: string): string {
  const remote = git(root, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD']);
  if (remote) return remote.replace(/^refs\/remotes\/origin\//, '');
  for (const b of ['main', 'master']) if (git(root, ['rev-parse', '--verify', '--quiet', `refs/heads/${b}`])) return b;
  return git(root, ['symbolic-ref', '--quiet', '--short', 'HEAD']) ?? 'main';
}

/** Sets nx.json `defaultBase` to the repository's default branch unless one is set; returns it. */
export function ensureDefaultBase(tree: Tree): string {
  const nxJson = readNxJson(tree) ?? {};
  if (nxJson.defaultBase) return nxJson.defaultBase;
  nxJson.defaultBase = defaultBranch(tree.root);
  updateNxJson(tree, nxJson);
  return nxJson.defaultBase;
}

/** Adds the plugin and the CLI to devDependencies (at this plugin's version); returns the install. */
export function addDevDependencies(tree: Tree): GeneratorCallback {
  return addDependenciesToPackageJson(tree, {}, Object.fromEntries(DEV_DEPENDENCIES.map((d) => [d, version])));
}
