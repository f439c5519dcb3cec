import { readJson, readNxJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsTree } from 'nx/src/generators/tree';
import { version } from '../../version';
import { addDevDependencies, defaultBranch, ensureDefaultBase } from './workspace-defaults';

describe('workspace defaults', () => {
  const dirs: string[] = [];
  const repo = (branch: string, commit = true) => {
    const dir = mkdtempSync(join(tmpdir(), 'nxwc-git-'));
    dirs.push(dir);
    const g = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
    g('init', '-q', `--initial-branch=${branch}`);
    writeFileSync(join(dir, 'nx.json'), '{}\n');
    if (commit) {
      g('add', 'nx.json');
      g('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'init');
    }
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('detects a master repository, a main one, a fresh one, and the remote HEAD', () => {
    expect(defaultBranch(repo('master'))).toBe('master');
    expect(defaultBranch(repo('main'))).toBe('main');
    expect(defaultBranch(repo('trunk', false))).toBe('trunk');
    const clone = mkdtempSync(join(tmpdir(), 'nxwc-git-'));
    dirs.push(clone);
    execFileSync('git', ['clone', '-q', repo('develop'), clone], { stdio: 'ignore' });
    expect(defaultBranch(clone)).toBe('develop');
    expect(defaultBranch(join(tmpdir(), 'nxwc-not-a-repo-xyz'))).toBe('main');
  });

  it('writes defaultBase into nx.json once, keeping one already set', () => {
    const tree = new FsTree(repo('master'), false);
    expect(ensureDefaultBase(tree)).toBe('master');
    expect(readNxJson(tree)?.defaultBase).toBe('master');
    const other = createTreeWithEmptyWorkspace();
    other.write('nx.json', JSON.stringify({ defaultBase: 'release' }));
    expect(ensureDefaultBase(other)).toBe('release');
  });

  it('adds the plugin and the CLI to devDependencies at this version', () => {
    const tree = createTreeWithEmptyWorkspace();
    expect(typeof addDevDependencies(tree)).toBe('function');
    expect(readJson(tree, 'package.json').devDependencies).toMatchObject({ '@nx-wasmcloud/plugin': version, '@nx-wasmcloud/cli': version });
  });
});
