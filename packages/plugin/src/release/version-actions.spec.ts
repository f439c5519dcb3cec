import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireTool } from '../test-support/executor-context';
import { TempWorkspace } from '../test-support/temp-workspace';
import { setTomlVersion } from './version-actions';

describe('setTomlVersion', () => {
  it('rewrites only the version line of the wanted table, keeping comments and quoting', () => {
    const toml = 'name = "hello" # the actor\nversion = "0.1.0"   # bumped by nx release\n\n[actor]\nversion = "x"\n';
    expect(setTomlVersion(toml, '0.2.0')).toBe('name = "hello" # the actor\nversion = "0.2.0"   # bumped by nx release\n\n[actor]\nversion = "x"\n');
    const cargo = "[package]\nname = 'a'\nversion = '1.0.0'\n[dependencies]\nversion = '9'\n";
    expect(setTomlVersion(cargo, '1.1.0', 'package')).toBe("[package]\nname = 'a'\nversion = '1.1.0'\n[dependencies]\nversion = '9'\n");
    expect(setTomlVersion('name = "a"\n', '1.0.0')).toBeUndefined();
  });
});

describe('nx release version with the wasmCloud version actions', () => {
  requireTool(join(__dirname, '../../dist/release/version-actions.js'), 'the built plugin (nx run @nx-wasmcloud/plugin:build)');
  const ws = new TempWorkspace();
  afterAll(() => ws.remove());

  it('bumps wasmcloud.toml (or Cargo.toml when the toml has no version) of the released actors only; push then names the new tag', () => {
    const actor = (name: string, version?: string) =>
      `name = "${name}"\nlanguage = "rust"\ntype = "actor"\n${version ? `version = "${version}"\n` : ''}\n[actor]\nclaims = []\n`;
    ws.write('actors/a/wasmcloud.toml', actor('a', '0.1.0'));
    ws.write('actors/b/wasmcloud.toml', actor('b'));
    ws.write('actors/b/Cargo.toml', '[package]\nname = "b"\nversion = "1.4.2"\nedition = "2021"\n');
    ws.write('actors/c/wasmcloud.toml', actor('c', '3.0.0'));
    const nxJson = JSON.parse(readFileSync(join(ws.root, 'nx.json'), 'utf8'));
    nxJson.release = {
      projects: ['a', 'b'],
      projectsRelationship: 'independent',
      version: { versionActions: '@nx-wasmcloud/plugin/release/version-actions', currentVersionResolver: 'disk' },
    };
    writeFileSync(join(ws.root, 'nx.json'), JSON.stringify(nxJson, null, 2));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: ws.root, stdio: 'pipe' });
    git('add', '.');
    git('commit', '-q', '-m', 'init');
    const r = ws.nx(['release', 'version', 'minor', '--git-commit=false', '--git-tag=false', '--stage-changes=false']);
    expect(`${r.status}\n${r.stdout}${r.stderr}`).toMatch(/^0\n/);
    // Nx's rule for 0.x: a minor bump moves the patch number.
    expect(readFileSync(join(ws.root, 'actors/a/wasmcloud.toml'), 'utf8')).toContain('version = "0.1.1"');
    expect(readFileSync(join(ws.root, 'actors/b/Cargo.toml'), 'utf8')).toContain('version = "1.5.0"');
    expect(readFileSync(join(ws.root, 'actors/b/wasmcloud.toml'), 'utf8')).not.toContain('version');
    expect(readFileSync(join(ws.root, 'actors/c/wasmcloud.toml'), 'utf8')).toContain('version = "3.0.0"');
    const shown = ws.nx(['show', 'project', 'a', '--json']);
    expect(JSON.parse(shown.stdout).targets.push.metadata.description).toContain('localhost:5000/a:0.1.1');
    // nx release publish runs the plugin's push (nx-release-publish) for the released projects only.
    ws.write('actors/a/build/a_s.wasm', 'signed');
    ws.write('actors/b/build/b_s.wasm', 'signed');
    const pub = ws.nx(['release', 'publish', '--dry-run', '--exclude-task-dependencies']);
    const out = `${pub.stdout}${pub.stderr}`;
    expect(out).toContain('Would push actors/a/build/a_s.wasm to localhost:5000/a:0.1.1 (dry run: nothing pushed)');
    expect(out).toContain('Would push actors/b/build/b_s.wasm to localhost:5000/b:1.5.0 (dry run: nothing pushed)');
    expect(out).not.toContain('/c:');
    expect(pub.status).toBe(0);
  });
});
