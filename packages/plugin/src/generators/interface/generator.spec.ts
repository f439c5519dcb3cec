import { logger, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { contractIdsOf } from '../../graph/contract-ids';
import { parseCodegenPlan } from '../../config/codegen-toml';
import { parseWasmcloudToml } from '../../config/wasmcloud-toml';
import { providerGenerator } from '../provider/generator';
import { interfaceGenerator } from './generator';

describe('interface generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
  });

  it('writes the factorial interface: model, codegen.toml, wasmcloud.toml and a Rust crate', async () => {
    await interfaceGenerator(tree, { name: 'factorial', template: 'factorial', contractId: 'example:interfaces:factorial', skipFormat: true });
    expect(tree.children('factorial').sort()).toEqual(['.gitignore', 'README.md', 'codegen.toml', 'factorial.smithy', 'rust', 'wasmcloud.toml']);
    expect(contractIdsOf(tree.read('factorial/factorial.smithy', 'utf-8')!, 'factorial.smithy')).toEqual(['example:interfaces:factorial']);
    const plan = parseCodegenPlan(tree.read('factorial/codegen.toml', 'utf-8')!, 'codegen.toml');
    expect(plan.languages.rust).toEqual({ outputDir: 'rust', files: ['src/factorial.rs'] });
    expect(tree.read('factorial/rust/src/lib.rs', 'utf-8')).toContain('mod factorial;');
    expect(parseWasmcloudToml(tree.read('factorial/wasmcloud.toml', 'utf-8')!, 'wasmcloud.toml').type).toBe('interface');
  });

  it('writes no crate for the default (minimal, offline) template, with the contract id the provider generator gives', async () => {
    await interfaceGenerator(tree, { name: 'calc', namespace: 'org.acme.calc', skipFormat: true });
    expect(tree.exists('calc/rust')).toBe(false);
    expect(tree.read('calc/calc.smithy', 'utf-8')).toContain('namespace org.acme.calc');
    await providerGenerator(tree, { name: 'calc', template: 'minimal', directory: 'providers/calc', skipFormat: true });
    const provider = parseWasmcloudToml(tree.read('providers/calc/wasmcloud.toml', 'utf-8')!, 'wasmcloud.toml');
    expect(contractIdsOf(tree.read('calc/calc.smithy', 'utf-8')!, 'calc.smithy')).toEqual([provider.provider!.capabilityId]);
    expect(provider.provider!.capabilityId).toBe('wasmcloud:example:calc');
  });

  it('says that the factorial template needs crates.io', async () => {
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    try {
      await interfaceGenerator(tree, { name: 'fact', template: 'factorial', skipFormat: true });
      expect(warn).toHaveBeenCalledWith(expect.stringContaining("fact/rust: the factorial template's crate depends on wasmbus-rpc from crates.io"));
    } finally {
      warn.mockRestore();
    }
  });

  it('adds a TypeScript npm package (tsc build, jest test) with --language=typescript', async () => {
    const callback = await interfaceGenerator(tree, {
      name: 'calc',
      template: 'minimal',
      language: 'typescript',
      contractId: 'example:interfaces:calc',
      skipFormat: true,
      skipInstall: true,
    });
    expect(callback).toBeUndefined();
    const pkg = JSON.parse(tree.read('package.json', 'utf-8')!);
    expect(pkg.dependencies).toMatchObject({ '@msgpack/msgpack': '^3.1.0', 'cbor-x': '^1.6.0' });
    expect(pkg.devDependencies).toMatchObject({ typescript: expect.any(String), jest: expect.any(String) });
    expect(tree.children('calc/ts').sort()).toEqual(['.gitignore', 'jest.config.js', 'package.json', 'src', 'test', 'tsconfig.json']);
    expect(parseCodegenPlan(tree.read('calc/codegen.toml', 'utf-8')!, 'codegen.toml').languages.typescript).toEqual({
      outputDir: 'ts',
      files: ['src/calc.ts'],
    });
    expect(JSON.parse(tree.read('calc/ts/package.json', 'utf-8')!)).toMatchObject({
      name: 'calc-interface',
      main: 'dist/index.js',
      dependencies: { '@msgpack/msgpack': expect.any(String), 'cbor-x': expect.any(String) },
    });
    expect(tree.read('calc/ts/test/calc.test.js', 'utf-8')).toContain("expect(CalcContractId).toBe('example:interfaces:calc')");
  });

  it('rejects a bad namespace', async () => {
    await expect(interfaceGenerator(tree, { name: 'x1', namespace: 'Org.Bad', skipFormat: true })).rejects.toThrow(/namespace "Org\.Bad" is not valid/);
  });
});
