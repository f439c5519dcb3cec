import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '../test-support/files';
import { packageRoot } from '../utils/package-root';
import { keysInput, toolchainInput } from './runtime-inputs';

describe('runtime inputs', () => {
  const ws = tempTree({});
  afterAll(() => ws.cleanup());

  it('use an absolute script path when the plugin is not installed in the workspace', () => {
    expect(toolchainInput(ws.root, 'rust', 'wasm32-unknown-unknown', 'linux').runtime).toBe(
      `NODE_EXTRA_CA_CERTS= node ${JSON.stringify(join(packageRoot(), 'dist/bin/hash-input.js'))} toolchain rust wasm32-unknown-unknown`,
    );
  });

  it('use the same machine-independent text in every workspace that installed the plugin', () => {
    mkdirSync(join(ws.root, 'node_modules/@nx-wasmcloud'), { recursive: true });
    symlinkSync(packageRoot(), join(ws.root, 'node_modules/@nx-wasmcloud/plugin'));
    expect(keysInput(ws.root, undefined, 'darwin').runtime).toBe('NODE_EXTRA_CA_CERTS= node node_modules/@nx-wasmcloud/plugin/dist/bin/hash-input.js keys');
    expect(keysInput(ws.root, 'actors/a/keys', 'linux').runtime).toBe(
      'NODE_EXTRA_CA_CERTS= node node_modules/@nx-wasmcloud/plugin/dist/bin/hash-input.js keys "actors/a/keys"',
    );
  });

  it("leave cmd.exe's command line alone on Windows, which has no VAR= prefix", () => {
    expect(keysInput(ws.root, undefined, 'win32').runtime).toBe('node node_modules/@nx-wasmcloud/plugin/dist/bin/hash-input.js keys');
  });

  it('start the script without parsing NODE_EXTRA_CA_CERTS, as Nx runs it (sh -c), with the same output', () => {
    // An unreadable bundle makes Node warn at start-up when it parses it; emptied, nothing is read.
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: join(ws.root, 'no-such-bundle.pem') };
    const command = toolchainInput(ws.root, 'rust', undefined, 'linux').runtime;
    const withPrefix = spawnSync('sh', ['-c', command], { cwd: ws.root, env, encoding: 'utf8' });
    const without = spawnSync('sh', ['-c', command.replace('NODE_EXTRA_CA_CERTS= ', '')], { cwd: ws.root, env, encoding: 'utf8' });
    expect(without.stderr).toMatch(/Ignoring extra certs from .*no-such-bundle\.pem/);
    expect(withPrefix.stderr).not.toMatch(/extra certs/);
    expect(withPrefix.status).toBe(0);
    expect(withPrefix.stdout).toBe(without.stdout);
    expect(withPrefix.stdout).not.toBe('');
  });
});
