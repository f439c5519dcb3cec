import { readNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GITIGNORE_ENTRIES, initGenerator, PLUGIN_NAME } from './generator';

describe('init generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
  });

  it('registers the plugin and the .gitignore entries, idempotently', async () => {
    tree.write('.gitignore', 'node_modules\n');
    await initGenerator(tree, { skipFormat: true });
    await initGenerator(tree, { skipFormat: true });
    // The name nx.json must use is this package's own name.
    expect(PLUGIN_NAME).toBe(JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')).name);
    expect(readNxJson(tree)?.plugins).toEqual([PLUGIN_NAME]);
    const lines = tree.read('.gitignore', 'utf-8')!.split('\n');
    expect(lines[0]).toBe('node_modules');
    expect(GITIGNORE_ENTRIES).toEqual(expect.arrayContaining(['.wasmcloud/', '.nx/cache', '.nx/workspace-data']));
    for (const e of GITIGNORE_ENTRIES) expect(lines.filter((l) => l === e)).toHaveLength(1);
    expect(tree.exists('.github/workflows/wasmcloud.yml')).toBe(false);
  });

  it('stores a default registry in the plugin options, keeping other options', async () => {
    const nx = readNxJson(tree)!;
    nx.plugins = [{ plugin: PLUGIN_NAME, options: { buildTargetName: 'b' } }];
    tree.write('nx.json', JSON.stringify(nx));
    await initGenerator(tree, { registry: 'localhost:5000', skipFormat: true });
    expect(readNxJson(tree)?.plugins).toEqual([{ plugin: PLUGIN_NAME, options: { buildTargetName: 'b', registry: 'localhost:5000' } }]);
  });

  it('writes a GitHub workflow running nx affected -t test, then push with secrets (see workflow.spec.ts)', async () => {
    await initGenerator(tree, { ci: 'github', skipFormat: true });
    const wf = tree.read('.github/workflows/wasmcloud.yml', 'utf-8')!;
    expect(wf).toContain('npx nx affected -t test\n');
    expect(wf).toContain('npx nx affected -t push --registry="$WASMCLOUD_REGISTRY"');
    for (const s of ['WASH_ISSUER_KEY', 'WASH_KEYS_ARCHIVE', 'WASH_REG_USER', 'WASH_REG_PASSWORD']) expect(wf).toContain(`${s}: \${{ secrets.${s} }}`);
    expect(wf).not.toContain('WASH_SUBJECT_KEY');
    expect(wf).not.toContain('<%');
  });

  it('ignores node_modules (in any spelling) once, sets defaultBase, adds the plugin and the CLI to devDependencies', async () => {
    tree.write('.gitignore', '/node_modules/\n');
    await initGenerator(tree, { skipFormat: true });
    const lines = tree.read('.gitignore', 'utf-8')!.split('\n');
    expect(lines.filter((l) => l.includes('node_modules'))).toEqual(['/node_modules/']);
    // The virtual tree is no git repository: the fallback.
    expect(readNxJson(tree)?.defaultBase).toBe('main');
    const pkg = JSON.parse(tree.read('package.json', 'utf-8')!);
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(['@nx-wasmcloud/plugin', '@nx-wasmcloud/cli']));
    const fresh = createTreeWithEmptyWorkspace();
    await initGenerator(fresh, { skipFormat: true, skipPackageJson: true });
    expect(JSON.parse(fresh.read('package.json', 'utf-8')!).devDependencies?.['@nx-wasmcloud/cli']).toBeUndefined();
    expect(fresh.read('.gitignore', 'utf-8')).toContain('\nnode_modules\n');
  });
});
