import { readNxJson, updateNxJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireTool } from '../../test-support/executor-context';
import { TempWorkspace } from '../../test-support/temp-workspace';
import moveTargetNameOptions from './target-names-option';

const PLUGIN = '@nx-wasmcloud/plugin';

describe('migration 0.2.0: <target>TargetName options -> targetNames', () => {
  it('moves the options of every registration, keeping targetNames entries and other plugins', async () => {
    const tree = createTreeWithEmptyWorkspace();
    const nx = readNxJson(tree)!;
    nx.plugins = [
      '@nx/js',
      {
        plugin: PLUGIN,
        include: ['actors/**'],
        options: { buildTargetName: 'wasm-build', registry: 'localhost:5000', targetNames: { build: 'b2', push: false } },
      },
      { plugin: PLUGIN, options: { signTargetName: 'wasm-sign' } },
      PLUGIN,
    ];
    updateNxJson(tree, nx);
    await moveTargetNameOptions(tree);
    expect(readNxJson(tree)!.plugins).toEqual([
      '@nx/js',
      { plugin: PLUGIN, include: ['actors/**'], options: { registry: 'localhost:5000', targetNames: { build: 'b2', push: false } } },
      { plugin: PLUGIN, options: { targetNames: { sign: 'wasm-sign' } } },
      PLUGIN,
    ]);
  });

  it("runs through `nx migrate --run-migrations` from the published package's migrations.json", () => {
    requireTool(join(__dirname, '../../../dist/migrations/update-0-2-0/target-names-option.js'), 'the built plugin (nx run @nx-wasmcloud/plugin:build)');
    const ws = new TempWorkspace();
    try {
      writeFileSync(
        join(ws.root, 'nx.json'),
        JSON.stringify({ plugins: [{ plugin: PLUGIN, options: { buildTargetName: 'wasm-build', pushTargetName: 'ship' } }] }, null, 2),
      );
      const declared = JSON.parse(readFileSync(join(ws.root, 'node_modules', PLUGIN, 'migrations.json'), 'utf8')).generators;
      const pkg = JSON.parse(readFileSync(join(ws.root, 'node_modules', PLUGIN, 'package.json'), 'utf8'));
      expect(pkg['nx-migrations']).toEqual({ migrations: './migrations.json' });
      // What `nx migrate @nx-wasmcloud/plugin@0.2.0` writes for the user to run.
      const migrations = Object.entries(declared).map(([name, m]) => ({ package: PLUGIN, name, version: (m as { version: string }).version }));
      writeFileSync(join(ws.root, 'migrations.json'), JSON.stringify({ migrations }, null, 2));
      // The workspace's own nx, offline: no fetch of nx@latest, no install.
      const r = ws.nx(['migrate', '--run-migrations=migrations.json'], { NX_MIGRATE_USE_LOCAL: 'true', NX_MIGRATE_SKIP_INSTALL: 'true' });
      expect(`${r.stdout}${r.stderr}`).toContain('move-target-names-to-target-names-option');
      expect(r.status).toBe(0);
      const nxJson = JSON.parse(readFileSync(join(ws.root, 'nx.json'), 'utf8'));
      expect(nxJson.plugins).toEqual([{ plugin: PLUGIN, options: { targetNames: { build: 'wasm-build', push: 'ship' } } }]);
      const shown = ws.nx(['show', 'projects', '--with-target', 'ship']);
      expect(shown.status).toBe(0);
    } finally {
      ws.remove();
    }
  });
});
