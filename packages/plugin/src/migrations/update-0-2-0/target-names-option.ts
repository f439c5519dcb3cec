import { formatFiles, readNxJson, updateNxJson, type Tree } from '@nx/devkit';

const PLUGIN = '@nx-wasmcloud/plugin';

/**
 * 0.2.0 renames and disables inferred targets through one option, `targetNames` (as @nx/dotnet
 * does); the per-target `<target>TargetName` options move into it. Each registration of the plugin
 * in nx.json is rewritten; an entry already in `targetNames` wins, as it would at run time.
 */
export default async function moveTargetNameOptions(tree: Tree): Promise<void> {
  const nxJson = readNxJson(tree);
  if (!nxJson?.plugins) return;
  let changed = false;
  for (const entry of nxJson.plugins) {
    if (typeof entry === 'string' || entry.plugin !== PLUGIN || !entry.options || typeof entry.options !== 'object') continue;
    const options = entry.options as Record<string, unknown>;
    const moved: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(options)) {
      const m = /^(\w+)TargetName$/.exec(key);
      if (!m || typeof value !== 'string') continue;
      moved[m[1]] = value;
      delete options[key];
    }
    if (Object.keys(moved).length === 0) continue;
    const existing = (options.targetNames as Record<string, unknown> | undefined) ?? {};
    options.targetNames = { ...moved, ...existing };
    changed = true;
  }
  if (!changed) return;
  updateNxJson(tree, nxJson);
  await formatFiles(tree);
}
