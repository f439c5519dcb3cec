import { readJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { version } from '../../version';
import { initGenerator } from './generator';
import { CACHE_PORT, parseRemoteCache } from './remote-cache';

describe('init --remote-cache', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('package.json', JSON.stringify({ name: 'acme-ws', devDependencies: {} }));
  });

  it('adds a continuous cache target on the root project, the CLI, and the commented NX_SELF_HOSTED_REMOTE_CACHE_SERVER setup', async () => {
    const install = await initGenerator(tree, { remoteCache: 'oci://ghcr.io/acme/nx-cache', skipFormat: true });
    expect(typeof install).toBe('function');
    const project = readJson(tree, 'project.json');
    expect(project.name).toBe('acme-ws');
    expect(project.targets.cache).toMatchObject({
      command: `nx-wasmcloud cache serve --registry ghcr.io/acme/nx-cache --port ${CACHE_PORT}`,
      continuous: true,
      cache: false,
      readyWhen: { port: CACHE_PORT, host: '127.0.0.1' },
    });
    expect(readJson(tree, 'package.json').devDependencies['@nx-wasmcloud/cli']).toBe(version);
    const env = tree.read('.env', 'utf-8')!;
    expect(env).toContain(`# NX_SELF_HOSTED_REMOTE_CACHE_SERVER=http://127.0.0.1:${CACHE_PORT}\n`);
    expect(env).toContain('`nx run acme-ws:cache`');
    // Never switched on in the committed file: an unanswered server fails every Nx run.
    expect(env).not.toMatch(/^NX_SELF_HOSTED_REMOTE_CACHE_SERVER=/m);
  });

  it('keeps an existing root project.json and .env; a second run replaces its own block only', async () => {
    tree.write('project.json', JSON.stringify({ name: 'root', targets: { lint: { command: 'true' } } }));
    tree.write('.env', 'FOO=1\n');
    await initGenerator(tree, { remoteCache: 'oci://ghcr.io/acme/one', skipFormat: true });
    await initGenerator(tree, { remoteCache: 'oci://localhost:5000/two', skipFormat: true });
    const project = readJson(tree, 'project.json');
    expect(Object.keys(project.targets).sort()).toEqual(['cache', 'lint']);
    expect(project.name).toBe('root');
    // A loopback registry is plain HTTP.
    expect(project.targets.cache.command).toBe(`nx-wasmcloud cache serve --registry localhost:5000/two --port ${CACHE_PORT} --insecure`);
    const env = tree.read('.env', 'utf-8')!;
    expect(env.startsWith('FOO=1\n')).toBe(true);
    expect(env).toContain('oci://localhost:5000/two');
    expect(env).not.toContain('oci://ghcr.io/acme/one');
    expect(env.match(/@nx-wasmcloud\/plugin:init --remote-cache/g)).toHaveLength(1);
  });

  it('refuses what is not oci://<registry>/<repository>, in one line naming the value', async () => {
    expect(() => parseRemoteCache('ghcr.io/acme/c')).toThrow(
      "--remote-cache 'ghcr.io/acme/c': expected oci://<registry>/<repository>, e.g. oci://ghcr.io/acme/nx-cache",
    );
    expect(() => parseRemoteCache('oci://ghcr.io/acme/c:v1')).toThrow(/^--remote-cache 'oci:\/\/ghcr.io\/acme\/c:v1': cache repository .* names a tag/);
    expect(() => parseRemoteCache('oci://ghcr.io/Bad Name')).toThrow(/^--remote-cache 'oci:\/\/ghcr.io\/Bad Name': /);
    await expect(initGenerator(tree, { remoteCache: 'https://x/y', skipFormat: true })).rejects.toMatchObject({ isUserError: true });
    expect(tree.exists('project.json')).toBe(false);
  });
});
