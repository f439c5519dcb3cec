import type { CreateNodesContext, CreateNodesResult, TargetConfiguration } from '@nx/devkit';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CODEGEN_TOML, FACTORIAL_SMITHY, HELLO_TOML, PROVIDER_TOML, tempTree } from '../test-support/files';
import { createNodes, PROJECT_FILE_GLOB } from './create-nodes';
import type { WasmcloudPluginOptions } from './options';

type Tree = ReturnType<typeof tempTree>;

async function run(tree: Tree, files: string[], options?: WasmcloudPluginOptions) {
  const ctx: CreateNodesContext = { nxJsonConfiguration: {}, workspaceRoot: tree.root };
  const results = await createNodes[1](files, options, ctx);
  const projects: Record<string, NonNullable<CreateNodesResult['projects']>[string]> = {};
  for (const [, r] of results) Object.assign(projects, r.projects ?? {});
  return projects;
}

const target = (t: TargetConfiguration | undefined) => {
  if (!t) throw new Error('target missing');
  return t;
};

describe('createNodes', () => {
  let tree: Tree;
  const dataDir = () => join(tree.root, '.nx', 'workspace-data');
  beforeEach(() => {
    tree = tempTree({
      'package.json': '{"name":"my-ws"}',
      'nx.json': '{}',
      'actors/hello/wasmcloud.toml': HELLO_TOML,
      'actors/hello/Cargo.toml': '[package]\nname = "hello"\nversion = "0.1.0"\n[lib]\nname = "hello"\ncrate-type = ["cdylib"]\n',
      'providers/fact/wasmcloud.toml': PROVIDER_TOML,
      'providers/fact/Cargo.toml': '[package]\nname = "fact"\nversion = "0.2.0"\n[[bin]]\nname = "fact_bin"\npath = "src/main.rs"\n',
      'interfaces/factorial/codegen.toml': CODEGEN_TOML,
      'interfaces/factorial/factorial.smithy': FACTORIAL_SMITHY,
    });
    process.env.NX_WORKSPACE_DATA_DIRECTORY = dataDir();
  });
  afterEach(() => {
    delete process.env.NX_WORKSPACE_DATA_DIRECTORY;
    tree.cleanup();
  });

  it('matches wasmcloud.toml, bare codegen.toml and nx.json', () => {
    expect(PROJECT_FILE_GLOB).toBe('{**/wasmcloud.toml,**/codegen.toml,nx.json}');
  });

  it('infers an actor: build -> sign -> push, test, call, inspect with explicit inputs and outputs', async () => {
    const { 'actors/hello': p } = await run(tree, ['actors/hello/wasmcloud.toml']);
    expect(p.name).toBe('hello');
    expect(p.tags).toEqual(['wasmcloud', 'wasmcloud:actor']);
    expect(Object.keys(p.targets ?? {}).sort()).toEqual(['build', 'call', 'deploy', 'dev', 'inspect', 'nx-release-publish', 'push', 'sign', 'test']);
    const build = target(p.targets?.build);
    expect(build).toMatchObject({ executor: '@nx-wasmcloud/plugin:build', cache: true, outputs: ['{projectRoot}/build/hello.wasm'] });
    expect(build.inputs).toEqual(
      expect.arrayContaining(['{projectRoot}/wasmcloud.toml', '{projectRoot}/Cargo.toml', '{projectRoot}/Cargo.lock', '{projectRoot}/src/**/*']),
    );
    expect(build.inputs).toContainEqual({ runtime: expect.stringMatching(/hash-input\.js" toolchain rust wasm32-unknown-unknown$/) });
    const sign = target(p.targets?.sign);
    expect(sign).toMatchObject({ dependsOn: ['build'], cache: true, outputs: ['{projectRoot}/build/hello_s.wasm'] });
    expect(sign.inputs).toContainEqual({ env: 'SOURCE_DATE_EPOCH' });
    expect(sign.inputs).toContainEqual({ runtime: expect.stringMatching(/hash-input\.js" keys$/) });
    expect(sign.inputs).toContainEqual({ dependentTasksOutputFiles: '**/*.wasm' });
    expect(target(p.targets?.push)).toMatchObject({ dependsOn: ['sign'], cache: false, options: { registry: 'localhost:5000' } });
    // Without a test-options.json: unit tests only, no signing needed.
    expect(target(p.targets?.test)).toMatchObject({ cache: true });
    expect(target(p.targets?.test).dependsOn).toBeUndefined();
    expect(target(p.targets?.call)).toMatchObject({ executor: '@nx-wasmcloud/plugin:call', dependsOn: ['sign'], cache: false });
    expect(target(p.targets?.inspect)).toMatchObject({ dependsOn: ['sign'], cache: false });
    for (const t of Object.values(p.targets ?? {})) expect(t.metadata?.description).toEqual(expect.any(String));
  });

  it('never puts a secret-bearing env var into inputs', async () => {
    const projects = await run(tree, ['actors/hello/wasmcloud.toml', 'providers/fact/wasmcloud.toml']);
    const text = JSON.stringify(projects);
    for (const secret of ['WASH_ISSUER_KEY', 'WASH_SUBJECT_KEY', 'WASH_REG_PASSWORD']) expect(text).not.toContain(`"env":"${secret}"`);
  });

  it('infers a provider: build -> par -> push with the bin name from Cargo.toml', async () => {
    const { 'providers/fact': p } = await run(tree, ['providers/fact/wasmcloud.toml']);
    expect(Object.keys(p.targets ?? {}).sort()).toEqual(['build', 'inspect', 'nx-release-publish', 'par', 'push', 'test']);
    expect(target(p.targets?.build).outputs).toEqual(['{projectRoot}/build/bin']);
    expect(target(p.targets?.par)).toMatchObject({ dependsOn: ['build'], cache: true, outputs: ['{projectRoot}/build/fact_bin.par.gz'] });
    expect(target(p.targets?.par).inputs).toContainEqual({ runtime: expect.stringMatching(/hash-input\.js" keys$/) });
    expect(target(p.targets?.par).inputs).toContainEqual({ dependentTasksOutputFiles: '**/*' });
    expect(target(p.targets?.push)).toMatchObject({ dependsOn: ['par'], cache: false });
  });

  it('makes a codegen.toml directory without wasmcloud.toml an interface project', async () => {
    const { 'interfaces/factorial': p } = await run(tree, ['interfaces/factorial/codegen.toml']);
    expect(p).toMatchObject({ name: 'factorial', projectType: 'library', tags: ['wasmcloud', 'wasmcloud:interface'] });
    const codegen = target(p.targets?.codegen);
    expect(codegen.outputs).toEqual(['{projectRoot}/html/*.html', '{projectRoot}/rust/src/factorial.rs']);
    expect(codegen.inputs).toEqual(expect.arrayContaining(['{projectRoot}/**/*.smithy', '{projectRoot}/codegen.toml', '!{projectRoot}/rust/src/factorial.rs']));
    expect(target(p.targets?.validate)).toMatchObject({ cache: true });
    // No generated crate yet: no cargo targets.
    expect(p.targets?.build).toBeUndefined();
  });

  it('adds cargo build/test/publish once the interface has a Rust crate', async () => {
    tree.write({ 'interfaces/factorial/rust/Cargo.toml': '[package]\nname = "f"\nversion = "0.1.0"\n' });
    const { 'interfaces/factorial': p } = await run(tree, ['interfaces/factorial/codegen.toml']);
    expect(target(p.targets?.build)).toMatchObject({ dependsOn: ['codegen'], options: { cwd: 'rust' } });
    expect(target(p.targets?.test)).toMatchObject({ dependsOn: ['codegen'] });
    expect(target(p.targets?.publish)).toMatchObject({ dependsOn: ['build', 'test'], cache: false, options: { dryRun: true } });
  });

  it('builds and tests a generated TypeScript project with tsc/jest once it has a tsconfig.json', async () => {
    tree.write({
      'interfaces/factorial/codegen.toml': `${CODEGEN_TOML}\n[typescript]\noutput_dir = "ts"\n`,
      'interfaces/factorial/ts/tsconfig.json': '{}',
      'interfaces/factorial/rust/Cargo.toml': '[package]\nname = "f"\nversion = "0.1.0"\n',
    });
    const { 'interfaces/factorial': p } = await run(tree, ['interfaces/factorial/codegen.toml']);
    expect(target(p.targets?.codegen).outputs).toContain('{projectRoot}/ts/*.ts');
    expect(target(p.targets?.build).options).toEqual({ cwd: 'rust', tsProject: 'ts' });
    expect(target(p.targets?.build).outputs).toEqual(['{projectRoot}/ts/dist']);
    expect(target(p.targets?.test)).toMatchObject({ options: { cwd: 'rust', tsProject: 'ts' }, dependsOn: ['build'] });
    expect(target(p.targets?.publish).options).toEqual({ cwd: 'rust', tsProject: 'ts', dryRun: true });
  });

  it('leaves a codegen.toml beside a wasmcloud.toml to that project', async () => {
    tree.write({ 'actors/hello/codegen.toml': CODEGEN_TOML });
    const projects = await run(tree, ['actors/hello/codegen.toml', 'actors/hello/wasmcloud.toml']);
    expect(projects['actors/hello'].name).toBe('hello');
    expect(projects['actors/hello'].targets?.codegen).toBeUndefined();
  });

  it('puts registry (continuous, ready on /v2/) and drain on the root project', async () => {
    const { '.': root } = await run(tree, ['nx.json'], { registryPort: 5917 });
    expect(root.name).toBe('my-ws');
    expect(target(root.targets?.registry)).toMatchObject({
      continuous: true,
      cache: false,
      options: { port: 5917, host: '127.0.0.1' },
      readyWhen: { url: 'http://127.0.0.1:5917/v2/' },
    });
    expect(target(root.targets?.drain)).toMatchObject({ executor: '@nx-wasmcloud/plugin:drain' });
  });

  it('renames targets and sets defaults from plugin options', async () => {
    const { 'actors/hello': p } = await run(tree, ['actors/hello/wasmcloud.toml'], {
      buildTargetName: 'wasm-build',
      signTargetName: 'wasm-sign',
      registry: 'reg.example:443',
    });
    expect(Object.keys(p.targets ?? {}).sort()).toEqual(['call', 'deploy', 'dev', 'inspect', 'nx-release-publish', 'push', 'test', 'wasm-build', 'wasm-sign']);
    expect(target(p.targets?.['wasm-sign']).dependsOn).toEqual(['wasm-build']);
    expect(target(p.targets?.push).options).toEqual({ registry: 'reg.example:443' });
  });

  it("runs an actor's test in the host when it has a test-options.json: after sign, hashing the signed module, the options and the host version", async () => {
    tree.write({ 'actors/hello/test-options.json': '{"patterns": [".*"], "options": {}}' });
    const { 'actors/hello': p } = await run(tree, ['actors/hello/wasmcloud.toml']);
    const test = target(p.targets?.test);
    const hostVersion = JSON.parse(readFileSync(join(__dirname, '../../../host/package.json'), 'utf8')).version;
    expect(test).toMatchObject({ executor: '@nx-wasmcloud/plugin:test', dependsOn: ['sign'], cache: true, outputs: [], options: { hostVersion } });
    expect(test.inputs).toEqual(
      expect.arrayContaining(['{projectRoot}/test-options.json', { dependentTasksOutputFiles: '**/hello_s.wasm' }, '{projectRoot}/src/**/*']),
    );
    expect(test.metadata?.help).toMatchObject({ command: 'npx nx-wasmcloud call --help' });
    // Removing the file takes the host run out again (the file's presence is part of the cache key).
    rmSync(join(tree.root, 'actors/hello/test-options.json'));
    const { 'actors/hello': again } = await run(tree, ['actors/hello/wasmcloud.toml']);
    expect(target(again.targets?.test).dependsOn).toBeUndefined();
  });

  it('reports an invalid wasmcloud.toml with the file and key, other projects still inferred', async () => {
    tree.write({ 'actors/bad/wasmcloud.toml': HELLO_TOML.replace('0.1.0', '0.1') });
    await expect(run(tree, ['actors/hello/wasmcloud.toml', 'actors/bad/wasmcloud.toml'])).rejects.toMatchObject({
      errors: [
        ['actors/bad/wasmcloud.toml', expect.objectContaining({ message: 'actors/bad/wasmcloud.toml: version "0.1" is not a semantic version (x.y.z)' })],
      ],
      partialResults: [['actors/hello/wasmcloud.toml', expect.anything()]],
    });
  });

  it('caches results by content hash under workspace-data and recomputes on change', async () => {
    const first = await run(tree, ['actors/hello/wasmcloud.toml']);
    const cacheFiles = readdirSync(dataDir()).filter((f) => f.startsWith('nx-wasmcloud-'));
    expect(cacheFiles).toHaveLength(1);
    expect(await run(tree, ['actors/hello/wasmcloud.toml'])).toEqual(first);
    tree.write({ 'actors/hello/wasmcloud.toml': HELLO_TOML.replace('0.1.0', '0.2.0') });
    const changed = await run(tree, ['actors/hello/wasmcloud.toml']);
    expect(changed['actors/hello'].targets?.push?.metadata?.description).toContain('hello:0.2.0');
    expect(existsSync(join(dataDir(), cacheFiles[0]))).toBe(true);
  });

  it('makes a name with spaces a command-line project name and a valid push repository', async () => {
    tree.write({
      'actors/hw/wasmcloud.toml': 'name = "Hello World"\nlanguage = "rust"\ntype = "actor"\n\n[actor]\nclaims = []\n',
      'actors/hw/Cargo.toml': '[package]\nname = "hello"\nversion = "0.3.0"\n',
      'actors/kv/wasmcloud.toml': 'name = "KVCounter (TinyGo)"\nlanguage = "tinygo"\ntype = "actor"\nversion = "0.1.0"\n\n[actor]\nclaims = []\n',
    });
    const { 'actors/hw': hw, 'actors/kv': kv } = await run(tree, ['actors/hw/wasmcloud.toml', 'actors/kv/wasmcloud.toml'], { registry: 'localhost:5001' });
    expect(hw.name).toBe('hello-world');
    expect(hw.metadata?.description).toBe('wasmcloud.toml name "Hello World", pushed as hello-world');
    expect(target(hw.targets?.push).metadata?.description).toBe('Push to localhost:5001/hello-world:0.3.0 (override with --registry=host:port)');
    expect(kv.name).toBe('kvcounter-tinygo');
    expect(target(kv.targets?.push).metadata?.description).toContain('localhost:5001/kvcounter-tinygo:0.1.0');
  });

  it('refuses at graph time a name that makes no repository', async () => {
    tree.write({ 'actors/x/wasmcloud.toml': 'name = "(!)"\nlanguage = "tinygo"\ntype = "actor"\nversion = "0.1.0"\n\n[actor]\n' });
    await expect(run(tree, ['actors/x/wasmcloud.toml'])).rejects.toMatchObject({
      errors: [['actors/x/wasmcloud.toml', expect.objectContaining({ message: expect.stringContaining('name "(!)" has no letters or digits') })]],
    });
  });

  it('skips wasmCloud 1.x files with one warning each; the classic projects keep working', async () => {
    tree.write({
      'components/http/wasmcloud.toml':
        'name = "http-hello"\nlanguage = "rust"\ntype = "component"\nversion = "0.1.0"\n\n[component]\nwasm_target = "wasm32-wasip2"\n',
      'components/py/wasmcloud.toml': 'name = "py"\nlanguage = "python"\ntype = "component"\nversion = "0.1.0"\n',
      'providers/new/wasmcloud.toml': 'name = "new"\nlanguage = "rust"\ntype = "provider"\nversion = "0.1.0"\n\n[provider]\nvendor = "x"\n',
    });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const files = ['actors/hello/wasmcloud.toml', 'components/http/wasmcloud.toml', 'components/py/wasmcloud.toml', 'providers/new/wasmcloud.toml'];
      const projects = await run(tree, files);
      expect(Object.keys(projects)).toEqual(['actors/hello']);
      expect(warn.mock.calls.map((c) => c[0])).toEqual([
        'nx-wasmcloud: skipping components/http/wasmcloud.toml: type = "component", a wasmCloud ≥ 1.0 project, not classic (wash 0.x); this plugin serves classic actors, providers and interfaces',
        expect.stringContaining('skipping components/py/wasmcloud.toml: type = "component"'),
        expect.stringContaining('skipping providers/new/wasmcloud.toml: a provider without [provider] capability_id, a wasmCloud ≥ 1.0 project'),
      ]);
      // From the cache the same warnings come again, and nothing fails.
      warn.mockClear();
      expect(Object.keys(await run(tree, files))).toEqual(['actors/hello']);
      expect(warn).toHaveBeenCalledTimes(3);
    } finally {
      warn.mockRestore();
    }
  });

  it("builds a wasi-preview1 actor (the official templates' wasm_target) for cargo's wasm32-wasi", async () => {
    tree.write({ 'actors/hello/wasmcloud.toml': `${HELLO_TOML}wasm_target = "wasm32-wasi-preview1"\n` });
    const { 'actors/hello': p } = await run(tree, ['actors/hello/wasmcloud.toml']);
    expect(target(p.targets?.build).inputs).toContainEqual({ runtime: expect.stringMatching(/toolchain rust wasm32-wasi$/) });
    expect(target(p.targets?.build).metadata?.description).toContain('wasm32-wasi');
  });

  it("makes the enclosing cargo workspace (manifest, lock, .cargo/config*) an input of a member's build and test", async () => {
    tree.write({
      'rust/Cargo.toml': '[workspace]\nmembers = ["actors/hello"]\n[profile.release]\nlto = true\n',
      'rust/Cargo.lock': '# lock\n',
      'rust/.cargo/config.toml': '[build]\ntarget = "wasm32-unknown-unknown"\n',
      'rust/actors/hello/wasmcloud.toml': HELLO_TOML,
      'rust/actors/hello/Cargo.toml': '[package]\nname = "hello"\nversion = "0.1.0"\n',
    });
    const { 'rust/actors/hello': p } = await run(tree, ['rust/actors/hello/wasmcloud.toml']);
    for (const name of ['build', 'test']) {
      const inputs = target(p.targets?.[name]).inputs;
      for (const dir of ['{workspaceRoot}/rust', '{workspaceRoot}/rust/actors', '{workspaceRoot}']) {
        for (const f of ['Cargo.toml', 'Cargo.lock', '.cargo/config.toml', '.cargo/config']) expect(inputs).toContain(`${dir}/${f}`);
      }
      expect(inputs).not.toContain('{workspaceRoot}/rust/actors/hello/Cargo.toml'); // {projectRoot}/Cargo.toml already
    }
  });

  it('does not make a crate whose codegen.toml only binds remote models an interface (no build, test, publish)', async () => {
    tree.write({
      'providers/timing/Cargo.toml': '[package]\nname = "timing"\nversion = "0.1.0"\n',
      'providers/timing/build.rs': 'fn main() {}\n',
      'providers/timing/codegen.toml':
        '[[models]]\nurl = "https://wasmcloud.github.io/interfaces/idl/org.wasmcloud"\nfiles = ["wasmcloud-core.smithy", "wasmcloud-model.smithy"]\n' +
        '[[models]]\nurl = "https://cdn.jsdelivr.net/gh/wasmcloud/interfaces/blobstore/blobstore.smithy"\n[rust]\noutput_dir = "."\n[[rust.files]]\npath = "src/blobstore.rs"\nnamespace = "org.wasmcloud.interface.blobstore"\n',
    });
    const { 'providers/timing': p } = await run(tree, ['providers/timing/codegen.toml']);
    expect(p.tags).toEqual(['wasmcloud', 'wasmcloud:bindings']);
    expect(Object.keys(p.targets ?? {}).sort()).toEqual(['codegen', 'validate']);
    expect(p.metadata?.description).toBe('providers/timing/codegen.toml generates bindings from remote models only: not an interface');
  });

  it('gives every target a help command, never the action, and no example naming a key or seed', async () => {
    tree.write({
      'interfaces/factorial/rust/Cargo.toml': '[package]\nname = "f"\nversion = "0.1.0"\n',
      'actors/tg/wasmcloud.toml': 'name = "tg"\nlanguage = "tinygo"\ntype = "actor"\nversion = "0.1.0"\n\n[actor]\nclaims = []\n',
    });
    const files = ['nx.json', 'actors/hello/wasmcloud.toml', 'actors/tg/wasmcloud.toml', 'providers/fact/wasmcloud.toml', 'interfaces/factorial/codegen.toml'];
    const projects = await run(tree, files);
    const helps: string[] = [];
    for (const p of Object.values(projects)) {
      for (const t of Object.values(p.targets ?? {})) {
        const h = t.metadata?.help as { command: string; example?: { options?: Record<string, unknown> } };
        helps.push(h.command);
        expect(h.command).toMatch(/(^| )(--help|help( \w+)?)$/);
        expect(JSON.stringify(h.example ?? {})).not.toMatch(/seed|issuer|subject|password/i);
      }
    }
    expect(helps).toEqual(
      expect.arrayContaining([
        'cargo build --help',
        'tinygo help build',
        'npx nx-wasmcloud claims sign --help',
        'npx nx-wasmcloud push --help',
        'npx nx-wasmcloud par create --help',
        'npx nx-wasmcloud smithy gen --help',
        'cargo publish --help',
        'npx nx-wasmcloud drain --help',
      ]),
    );
  });

  it('renames and disables targets per plugin registration (targetNames)', async () => {
    const options = { targetNames: { build: 'wasm-build', push: false, inspect: false, drain: false } };
    const {
      'actors/hello': actor,
      'providers/fact': provider,
      '.': root,
    } = await run(tree, ['nx.json', 'actors/hello/wasmcloud.toml', 'providers/fact/wasmcloud.toml'], options);
    expect(Object.keys(actor.targets ?? {}).sort()).toEqual(expect.arrayContaining(['sign', 'wasm-build']));
    expect(actor.targets?.push).toBeUndefined();
    expect(actor.targets?.inspect).toBeUndefined();
    expect(target(actor.targets?.sign).dependsOn).toEqual(['wasm-build']);
    expect(Object.keys(provider.targets ?? {})).not.toContain('push');
    expect(Object.keys(root.targets ?? {})).toEqual(['registry', 'host']);
    expect(JSON.stringify([actor, provider, root])).not.toContain('disabled');
  });

  it('with build disabled, sign depends on nothing and hashes build/<lib>.wasm itself', async () => {
    const { 'actors/hello': p } = await run(tree, ['actors/hello/wasmcloud.toml'], { targetNames: { build: false } });
    expect(p.targets?.build).toBeUndefined();
    const sign = target(p.targets?.sign);
    expect(sign.dependsOn).toEqual([]);
    expect(sign.inputs).toContain('{projectRoot}/build/hello.wasm');
  });
});
