import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO = resolve(__dirname, '../../../..');

/**
 * A throwaway Nx workspace using the repository's node_modules and the BUILT plugin. The plugin
 * directory is a real directory under node_modules, as after `npm install`: Nx treats a plugin
 * outside node_modules as a local TS plugin and would load its src/ instead.
 */
export class TempWorkspace {
  readonly root: string;

  constructor(prefix = 'nxwc-') {
    this.root = mkdtempSync(join(tmpdir(), prefix));
    const nm = join(this.root, 'node_modules');
    mkdirSync(nm);
    for (const entry of readdirSync(join(REPO, 'node_modules'))) {
      if (entry === '@nx-wasmcloud') continue;
      symlinkSync(join(REPO, 'node_modules', entry), join(nm, entry));
    }
    // A snapshot of each built package (as `npm install` would leave it): immune to a rebuild of
    // packages/*/dist while the test runs. Their own node_modules (e.g. execa 9) are linked.
    const scope = join(nm, '@nx-wasmcloud');
    for (const pkg of ['plugin', 'wascap', 'par', 'oci', 'smithy', 'host']) {
      const from = join(REPO, 'packages', pkg);
      const to = join(scope, pkg);
      mkdirSync(to, { recursive: true });
      for (const f of ['package.json', 'executors.json', 'generators.json', 'migrations.json'])
        if (existsSync(join(from, f))) copyFileSync(join(from, f), join(to, f));
      cpSync(join(from, 'dist'), join(to, 'dist'), { recursive: true });
      if (existsSync(join(from, 'node_modules'))) symlinkSync(join(from, 'node_modules'), join(to, 'node_modules'));
    }
    writeFileSync(join(this.root, 'package.json'), JSON.stringify({ name: 'ws', private: true }, null, 2));
    writeFileSync(join(this.root, 'nx.json'), JSON.stringify({ plugins: ['@nx-wasmcloud/plugin'] }, null, 2));
    writeFileSync(join(this.root, '.gitignore'), 'node_modules\n.nx\n');
    execFileSync('git', ['init', '-q', '.'], { cwd: this.root });
  }

  /** Env for nx: no daemon, no cloud, cache and workspace data inside the workspace. */
  env(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
    // Nothing from an outer Nx run (e.g. NX_SKIP_NX_CACHE when the tests run under `nx test`).
    const outer = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('NX_') && k !== 'FORCE_COLOR'));
    return {
      ...outer,
      FORCE_COLOR: '0',
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NX_TUI: 'false',
      CI: 'true',
      NX_CACHE_DIRECTORY: join(this.root, '.nx/cache'),
      NX_WORKSPACE_DATA_DIRECTORY: join(this.root, '.nx/workspace-data'),
      ...extra,
    };
  }

  nx(args: string[], extra: Record<string, string | undefined> = {}): SpawnSyncReturns<string> {
    return spawnSync(process.execPath, [join(REPO, 'node_modules/nx/dist/bin/nx.js'), ...args], {
      cwd: this.root,
      env: this.env(extra),
      encoding: 'utf8',
      timeout: 300_000,
    });
  }

  write(file: string, text: string): void {
    const p = join(this.root, file);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, text);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
