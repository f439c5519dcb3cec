import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '../test-support/files';
import { packageRoot } from '../utils/package-root';
import { keysInput, toolchainInput } from './runtime-inputs';

describe('runtime inputs', () => {
  const ws = tempTree({});
  afterAll(() => ws.cleanup());

  it('use an absolute script path when the plugin is not installed in the workspace', () => {
    expect(toolchainInput(ws.root, 'rust', 'wasm32-unknown-unknown').runtime).toBe(
      `node ${JSON.stringify(join(packageRoot(), 'dist/bin/hash-input.js'))} toolchain rust wasm32-unknown-unknown`,
    );
  });

  it('use the same machine-independent text in every workspace that installed the plugin', () => {
    mkdirSync(join(ws.root, 'node_modules/@nx-wasmcloud'), { recursive: true });
    symlinkSync(packageRoot(), join(ws.root, 'node_modules/@nx-wasmcloud/plugin'));
    expect(keysInput(ws.root).runtime).toBe('node node_modules/@nx-wasmcloud/plugin/dist/bin/hash-input.js keys');
    expect(keysInput(ws.root, 'actors/a/keys').runtime).toBe('node node_modules/@nx-wasmcloud/plugin/dist/bin/hash-input.js keys "actors/a/keys"');
  });
});
