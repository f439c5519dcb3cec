import { formatFiles, generateFiles, readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { join } from 'node:path';
import type { InitGeneratorSchema } from './schema';
import { addRemoteCache } from './remote-cache';
import { addDevDependencies, ensureDefaultBase } from './workspace-defaults';

export const PLUGIN_NAME = '@nx-wasmcloud/plugin';

/** Lines the workspace .gitignore needs: installed packages, local registry storage and cargo/wash outputs. */
export const GITIGNORE_ENTRIES = ['node_modules', '.wasmcloud/', '**/target/', '.nx/cache', '.nx/workspace-data'];

/** `/node_modules/` and `node_modules` ignore the same thing here. */
const gitignoreKey = (line: string) => line.trim().replace(/^\/+|\/+$/g, '');

function addPlugin(tree: Tree, registry: string | undefined): void {
  const nxJson = readNxJson(tree) ?? {};
  const plugins = nxJson.plugins ?? [];
  const existing = plugins.findIndex((p) => (typeof p === 'string' ? p : p.plugin) === PLUGIN_NAME);
  if (existing === -1) {
    plugins.push(registry ? { plugin: PLUGIN_NAME, options: { registry } } : PLUGIN_NAME);
  } else if (registry) {
    const entry = plugins[existing];
    const current = typeof entry === 'string' ? { plugin: PLUGIN_NAME } : entry;
    plugins[existing] = { ...current, options: { ...((current.options as object) ?? {}), registry } };
  }
  nxJson.plugins = plugins;
  updateNxJson(tree, nxJson);
}

function addGitignore(tree: Tree): void {
  const current = tree.exists('.gitignore') ? (tree.read('.gitignore', 'utf-8') ?? '') : '';
  const have = new Set(current.split(/\r?\n/).map(gitignoreKey));
  const missing = GITIGNORE_ENTRIES.filter((e) => !have.has(gitignoreKey(e)));
  if (missing.length === 0) return;
  const sep = current === '' || current.endsWith('\n') ? '' : '\n';
  tree.write('.gitignore', `${current}${sep}\n# wasmCloud (@nx-wasmcloud/plugin)\n${missing.join('\n')}\n`);
}

/** Run by `nx add @nx-wasmcloud/plugin`. Idempotent. */
export async function initGenerator(tree: Tree, options: InitGeneratorSchema) {
  addPlugin(tree, options.registry);
  addGitignore(tree);
  // Without it `nx affected` compares with main, which a master repository lacks.
  const branch = ensureDefaultBase(tree);
  const devDependencies = options.skipPackageJson ? undefined : addDevDependencies(tree);
  if (options.ci === 'github') {
    generateFiles(tree, join(__dirname, 'files'), '.github/workflows', {
      tmpl: '',
      branch,
      // One expression: GitHub does not evaluate a ${{ }} nested in another.
      registryExpression: `vars.WASMCLOUD_REGISTRY || ${options.registry ? `'${options.registry.replace(/'/g, "''")}'` : "format('ghcr.io/{0}', github.repository_owner)"}`,
    });
  }
  const install = options.remoteCache ? addRemoteCache(tree, options.remoteCache) : undefined;
  if (!options.skipFormat) await formatFiles(tree);
  return install ?? devDependencies;
}

export default initGenerator;
