import { DependencyType, type CreateDependenciesContext, type FileData, type ProjectConfiguration } from '@nx/devkit';
import { CODEGEN_TOML, FACTORIAL_SMITHY, HELLO_TOML, PROVIDER_TOML, tempTree } from '../test-support/files';
import { createDependencies } from './create-dependencies';

type Tree = ReturnType<typeof tempTree>;

const projects: Record<string, ProjectConfiguration> = {
  hello: { root: 'actors/hello', name: 'hello' },
  fact: { root: 'providers/fact', name: 'fact' },
  factorial: { root: 'interfaces/factorial', name: 'factorial' },
  shared: { root: 'libs/shared', name: 'shared' },
  docs: { root: 'interfaces/docs', name: 'docs' },
};

const FILES: Record<string, Record<string, string>> = {
  hello: {
    'actors/hello/wasmcloud.toml': HELLO_TOML,
    'actors/hello/Cargo.toml': '[package]\nname = "hello"\nversion = "0.1.0"\n[dependencies]\nshared = { path = "../../libs/shared" }\nserde = "1"\n',
  },
  fact: { 'providers/fact/wasmcloud.toml': PROVIDER_TOML },
  factorial: { 'interfaces/factorial/codegen.toml': CODEGEN_TOML, 'interfaces/factorial/factorial.smithy': FACTORIAL_SMITHY },
  shared: { 'libs/shared/Cargo.toml': '[package]\nname = "shared"\nversion = "0.1.0"\n' },
  docs: { 'interfaces/docs/codegen.toml': '[[models]]\npath = "../factorial"\nfiles = ["factorial.smithy"]\n[html]\noutput_dir = "html"\n' },
};

function fileMap(only?: Record<string, string[]>): CreateDependenciesContext['fileMap'] {
  const projectFileMap: Record<string, FileData[]> = {};
  for (const [project, files] of Object.entries(FILES)) {
    const list = Object.keys(files).filter((f) => !only || only[project]?.includes(f));
    if (list.length) projectFileMap[project] = list.map((file) => ({ file, hash: `h-${file}-${files[file].length}` }));
  }
  return { projectFileMap, nonProjectFiles: [] };
}

function ctx(tree: Tree, filesToProcess = fileMap()): CreateDependenciesContext {
  return { projects, externalNodes: {}, fileMap: fileMap(), filesToProcess, nxJsonConfiguration: {}, workspaceRoot: tree.root };
}

describe('createDependencies', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = tempTree(Object.assign({}, ...Object.values(FILES)));
    process.env.NX_WORKSPACE_DATA_DIRECTORY = `${tree.root}/.nx/workspace-data`;
  });
  afterEach(() => {
    delete process.env.NX_WORKSPACE_DATA_DIRECTORY;
    tree.cleanup();
  });

  it('draws Cargo path, codegen model and contract-id edges, each with its source file', async () => {
    const deps = await createDependencies(undefined, ctx(tree));
    const simplified = deps.map((d) => [d.source, d.target, d.type, 'sourceFile' in d ? d.sourceFile : undefined]).sort();
    expect(simplified).toEqual(
      [
        ['docs', 'factorial', DependencyType.static, 'interfaces/docs/codegen.toml'],
        ['fact', 'factorial', DependencyType.static, 'providers/fact/wasmcloud.toml'],
        ['hello', 'factorial', DependencyType.static, 'actors/hello/wasmcloud.toml'],
        ['hello', 'shared', DependencyType.static, 'actors/hello/Cargo.toml'],
      ].sort(),
    );
  });

  it('reads only the files Nx says changed', async () => {
    const deps = await createDependencies(undefined, ctx(tree, fileMap({ hello: ['actors/hello/Cargo.toml'] })));
    expect(deps.map((d) => [d.source, d.target])).toEqual([['hello', 'shared']]);
  });

  it('relinks claimants when a .smithy file changes, though their own files did not', async () => {
    const deps = await createDependencies(undefined, ctx(tree, fileMap({ factorial: ['interfaces/factorial/factorial.smithy'] })));
    expect(deps.map((d) => [d.source, d.target]).sort()).toEqual([
      ['fact', 'factorial'],
      ['hello', 'factorial'],
    ]);
  });

  it('draws no edge for a claim no interface declares', async () => {
    tree.write({ 'interfaces/factorial/factorial.smithy': FACTORIAL_SMITHY.replace('example:interfaces:factorial', 'other:id') });
    const deps = await createDependencies(undefined, ctx(tree, fileMap({ hello: ['actors/hello/wasmcloud.toml'] })));
    expect(deps).toEqual([]);
  });

  it('ignores an invalid wasmcloud.toml (createNodes reports it)', async () => {
    tree.write({ 'actors/hello/wasmcloud.toml': 'not = [toml' });
    const deps = await createDependencies(undefined, ctx(tree, fileMap({ hello: ['actors/hello/wasmcloud.toml'] })));
    expect(deps).toEqual([]);
  });

  describe('a contract id declared by several projects', () => {
    const codegen = (outputs: string[]) => ({ codegen: { executor: '@nx-wasmcloud/plugin:codegen', outputs } });
    const several = (docsOutputs: string[]): CreateDependenciesContext => {
      // The interfaces repository's layout: a docs plan owning a copy of every model.
      const files: Record<string, FileData[]> = {
        hello: [{ file: 'actors/hello/wasmcloud.toml', hash: 'a' }],
        factorial: [{ file: 'interfaces/factorial/factorial.smithy', hash: 'b' }],
        docs: [{ file: 'interfaces/docs/idl/factorial.smithy', hash: 'c' }],
      };
      const fm = { projectFileMap: files, nonProjectFiles: [] };
      return {
        projects: {
          hello: { root: 'actors/hello', name: 'hello' },
          factorial: {
            root: 'interfaces/factorial',
            name: 'factorial',
            targets: codegen(['{projectRoot}/html/*.html', '{projectRoot}/rust/src/factorial.rs']),
          },
          docs: { root: 'interfaces/docs', name: 'docs', targets: codegen(docsOutputs) },
        },
        externalNodes: {},
        fileMap: fm,
        filesToProcess: fm,
        nxJsonConfiguration: {},
        workspaceRoot: tree.root,
      };
    };
    let warn: jest.SpyInstance;
    beforeEach(() => {
      tree.write({ 'interfaces/docs/idl/factorial.smithy': FACTORIAL_SMITHY });
      warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    });
    afterEach(() => warn.mockRestore());

    it('links to the project that generates code, not the docs-only copy, and says so once', async () => {
      const deps = await createDependencies(undefined, several(['{projectRoot}/html/*.html']));
      expect(deps.map((d) => [d.source, d.target, 'sourceFile' in d ? d.sourceFile : undefined])).toEqual([
        ['hello', 'factorial', 'actors/hello/wasmcloud.toml'],
      ]);
      expect(warn.mock.calls).toEqual([
        ['nx-wasmcloud: contract id example:interfaces:factorial is declared by docs, factorial; linking to factorial (generates code), not docs (docs only)'],
      ]);
    });

    it('links to every declarer, sorted, when none is docs-only', async () => {
      const deps = await createDependencies(undefined, several(['{projectRoot}/rust/src/factorial.rs']));
      expect(deps.map((d) => [d.source, d.target, 'sourceFile' in d ? d.sourceFile : undefined])).toEqual([
        ['hello', 'docs', 'actors/hello/wasmcloud.toml'],
        ['hello', 'factorial', 'actors/hello/wasmcloud.toml'],
      ]);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toContain('is declared by docs, factorial; linking to each of them');
    });
  });
});
