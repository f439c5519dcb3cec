import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parseCargoToml } from '../../config/cargo-toml';
import { parseWasmcloudToml } from '../../config/wasmcloud-toml';
import { providerGenerator } from './generator';

describe('provider generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
  });

  it('writes the factorial provider template with a snake_case [[bin]]', async () => {
    await providerGenerator(tree, { name: 'my-fact', vendor: 'Example', skipFormat: true });
    expect(tree.children('my-fact').sort()).toEqual(['.gitignore', 'Cargo.toml', 'src', 'wasmcloud.toml']);
    expect(parseCargoToml(tree.read('my-fact/Cargo.toml', 'utf-8')!, 'Cargo.toml').binNames).toEqual(['my_fact']);
    expect(tree.read('my-fact/src/main.rs', 'utf-8')).toContain('provider_main(MyFactProvider::default()');
    const p = parseWasmcloudToml(tree.read('my-fact/wasmcloud.toml', 'utf-8')!, 'wasmcloud.toml');
    expect(p).toMatchObject({ type: 'provider', provider: { capabilityId: 'wasmcloud:example:my_fact', vendor: 'Example' } });
  });

  it('writes the std-only minimal template with the given contract id', async () => {
    await providerGenerator(tree, { name: 'fact', template: 'minimal', contractId: 'example:interfaces:factorial', directory: 'providers/fact', skipFormat: true });
    expect(tree.children('providers/fact').sort()).toEqual(['.gitignore', 'Cargo.lock', 'Cargo.toml', 'src', 'wasmcloud.toml']);
    expect(tree.read('providers/fact/Cargo.toml', 'utf-8')).not.toContain('[dependencies]');
    const p = parseWasmcloudToml(tree.read('providers/fact/wasmcloud.toml', 'utf-8')!, 'wasmcloud.toml');
    expect(p.provider?.capabilityId).toBe('example:interfaces:factorial');
  });

  it('rejects an invalid contract id', async () => {
    await expect(providerGenerator(tree, { name: 'p', contractId: 'Bad Id', skipFormat: true })).rejects.toThrow(/contractId "Bad Id" is not valid/);
  });
});
