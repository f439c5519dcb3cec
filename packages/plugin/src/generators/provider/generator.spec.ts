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
    await providerGenerator(tree, {
      name: 'fact',
      template: 'minimal',
      contractId: 'example:interfaces:factorial',
      directory: 'providers/fact',
      skipFormat: true,
    });
    expect(tree.children('providers/fact').sort()).toEqual([
      '.gitignore',
      'Cargo.lock',
      'Cargo.toml',
      'README.md',
      'provider_test_config.toml',
      'provider_tests.json',
      'src',
      'wasmcloud.toml',
    ]);
    expect(tree.children('providers/fact/src').sort()).toEqual(['base64.rs', 'main.rs', 'msgpack.rs', 'nats.rs']);
    // The lattice test files: wasmcloud-test-util's config (contract id, bin_path) and cases for the test target.
    const config = tree.read('providers/fact/provider_test_config.toml', 'utf-8')!;
    expect(config).toContain('contract_id = "example:interfaces:factorial"');
    expect(config).toContain('bin_path = "target/debug/fact"');
    expect(JSON.parse(tree.read('providers/fact/provider_tests.json', 'utf-8')!)[1]).toEqual({
      name: 'factorial of 5',
      operation: 'Factorial.Calculate',
      input: 5,
      expect: 120,
    });
    expect(tree.read('providers/fact/README.md', 'utf-8')).toContain("does **not** validate the invocations' anti-forgery claims");
    expect(tree.read('providers/fact/Cargo.toml', 'utf-8')).not.toContain('[dependencies]');
    const p = parseWasmcloudToml(tree.read('providers/fact/wasmcloud.toml', 'utf-8')!, 'wasmcloud.toml');
    expect(p.provider?.capabilityId).toBe('example:interfaces:factorial');
  });

  it('rejects an invalid contract id', async () => {
    await expect(providerGenerator(tree, { name: 'p', contractId: 'Bad Id', skipFormat: true })).rejects.toThrow(/contractId "Bad Id" is not valid/);
  });
});
