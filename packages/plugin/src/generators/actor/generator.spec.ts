import { readJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeyPair, signActor } from '@nx-wasmcloud/wascap';
import { decodeTestResults, encodeTestOptions, Host } from '@nx-wasmcloud/host';
import { materialize, requireTool } from '../../test-support/executor-context';
import { tempTree } from '../../test-support/files';
import { parseCargoToml } from '../../config/cargo-toml';
import { parseWasmcloudToml } from '../../config/wasmcloud-toml';
import { actorGenerator } from './generator';

describe('actor generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
  });

  const files = (root: string) => tree.children(root).sort();

  it('writes the hello template (wasmbus-rpc + httpserver) like wash new', async () => {
    await actorGenerator(tree, { name: 'hello-world', skipFormat: true });
    expect(files('hello-world')).toEqual(['.cargo', '.gitignore', 'Cargo.toml', 'README.md', 'src', 'wasmcloud.toml']);
    const cargo = tree.read('hello-world/Cargo.toml', 'utf-8')!;
    expect(cargo).toContain('wasmbus-rpc = "0.14"');
    expect(cargo).toContain('wasmcloud-interface-httpserver');
    expect(parseCargoToml(cargo, 'Cargo.toml')).toMatchObject({ packageName: 'hello-world', libName: 'hello_world' });
    expect(tree.read('hello-world/src/lib.rs', 'utf-8')).toContain('struct HelloWorldActor {}');
    expect(tree.read('hello-world/.cargo/config.toml', 'utf-8')).toContain('target = "wasm32-unknown-unknown"');
    const project = parseWasmcloudToml(tree.read('hello-world/wasmcloud.toml', 'utf-8')!, 'wasmcloud.toml');
    expect(project).toMatchObject({ name: 'hello-world', type: 'actor', version: '0.1.0', actor: { claims: ['wasmcloud:httpserver'] } });
    // Nothing Nx-specific: targets are inferred.
    expect(tree.exists('hello-world/project.json')).toBe(false);
  });

  it('writes the minimal template: raw wasmbus ABI, no dependencies, a Cargo.lock', async () => {
    await actorGenerator(tree, {
      name: 'hello',
      template: 'minimal',
      directory: 'actors/hello',
      capabilities: 'wasmcloud:httpserver, wasmcloud:keyvalue',
      skipFormat: true,
    });
    expect(files('actors/hello')).toEqual(['.cargo', '.gitignore', 'Cargo.lock', 'Cargo.toml', 'README.md', 'src', 'test-options.json', 'wasmcloud.toml']);
    expect(tree.children('actors/hello/src').sort()).toEqual(['abi.rs', 'lib.rs', 'msgpack.rs', 'testing.rs']);
    // actor.mk's convention: the options `Testing.Start` gets from `nx run hello:test`.
    expect(readJson(tree, 'actors/hello/test-options.json')).toEqual({ patterns: ['.*'], options: {} });
    expect(tree.read('actors/hello/Cargo.toml', 'utf-8')).not.toContain('[dependencies]');
    const abi = tree.read('actors/hello/src/abi.rs', 'utf-8')!;
    expect(abi).toContain('#[link(wasm_import_module = "wasmbus")]');
    expect(abi).toContain('pub extern "C" fn __guest_call(op_len: i32, req_len: i32) -> i32');
    expect(abi).toContain('pub extern "C" fn __wasmbus_rpc_version() -> u32');
    const project = parseWasmcloudToml(tree.read('actors/hello/wasmcloud.toml', 'utf-8')!, 'wasmcloud.toml');
    expect(project.actor?.claims).toEqual(['wasmcloud:httpserver', 'wasmcloud:keyvalue']);
  });

  it('builds the minimal template for wasm32 with the real toolchain; in the host, Testing.Start runs its two tests', async () => {
    requireTool('/usr/bin/cargo', 'Debian cargo');
    const ws = tempTree({});
    try {
      await actorGenerator(tree, { name: 'tested', template: 'minimal', skipFormat: true });
      materialize(tree, ws.root);
      const dir = join(ws.root, 'tested');
      const env = { ...process.env, RUSTC: '/usr/bin/rustc', CARGO_TARGET_DIR: join(dir, 'target') };
      execFileSync('/usr/bin/cargo', ['build', '--offline', '--release', '--target', 'wasm32-unknown-unknown'], { cwd: dir, env, stdio: 'pipe' });
      const wasm = join(dir, 'target/wasm32-unknown-unknown/release/tested.wasm');
      const dump = execFileSync('/usr/bin/wasm-objdump', ['-x', wasm], { encoding: 'utf8' });
      expect(dump).toMatch(/-> "__guest_call"/);
      expect(dump).toMatch(/-> "__wasmbus_rpc_version"/);
      expect(dump).toMatch(/-> "memory"/);
      // Only the three wasmbus guest imports: no crate pulled in anything else.
      expect(dump.match(/<- [\w.]+/g)!.sort()).toEqual(['<- wasmbus.__guest_error', '<- wasmbus.__guest_request', '<- wasmbus.__guest_response']);
      const signed = await signActor(new Uint8Array(readFileSync(wasm)), {
        name: 'tested',
        caps: ['wasmcloud:httpserver'],
        issuer: KeyPair.create('account'),
        subject: KeyPair.create('module'),
        env: {},
      });
      const host = new Host({ log: () => undefined });
      try {
        const actor = (await host.startActor(signed)).publicKey;
        const options = JSON.parse(readFileSync(join(dir, 'test-options.json'), 'utf8'));
        expect(decodeTestResults(await host.call(actor, 'Testing.Start', encodeTestOptions(options)))).toEqual([
          { name: 'http_request_says_hello', passed: true },
          { name: 'health_check_is_healthy', passed: true },
        ]);
        expect(decodeTestResults(await host.call(actor, 'Testing.Start', encodeTestOptions({ patterns: ['^health'] })))).toEqual([
          { name: 'health_check_is_healthy', passed: true },
        ]);
        await expect(host.call(actor, 'Testing.Start', new Uint8Array([0x92, 0x01]))).rejects.toThrow('TestOptions: msgpack ends early');
      } finally {
        await host.close();
      }
    } finally {
      ws.cleanup();
    }
  }, 180_000);

  it('writes [actor] registry and Nx tags (the only project.json content) when given', async () => {
    await actorGenerator(tree, { name: 'a1', template: 'minimal', registry: 'localhost:5000', tags: 'scope:edge, type:actor', skipFormat: true });
    expect(parseWasmcloudToml(tree.read('a1/wasmcloud.toml', 'utf-8')!, 'wasmcloud.toml').actor?.registry).toBe('localhost:5000');
    expect(readJson(tree, 'a1/project.json')).toEqual({ name: 'a1', tags: ['scope:edge', 'type:actor'] });
  });

  it('writes the TinyGo echo template for --language=tinygo', async () => {
    await actorGenerator(tree, { name: 'echo', language: 'tinygo', skipFormat: true });
    expect(files('echo')).toEqual(['.gitignore', 'echo.go', 'go.mod', 'wasmcloud.toml']);
    expect(parseWasmcloudToml(tree.read('echo/wasmcloud.toml', 'utf-8')!, 'wasmcloud.toml').language).toBe('tinygo');
  });

  it.each([
    [{ name: '1abc' }, /name "1abc" is not a valid project name/],
    [{ name: 'ok', template: 'nope' as never }, /template "nope" is unknown/],
    [{ name: 'ok', capabilities: 'bad cap' }, /capability "bad cap" is not a contract id/],
    [{ name: 'ok', language: 'tinygo' as const, template: 'minimal' as const }, /template "minimal" is Rust/],
  ])('rejects %j', async (options, message) => {
    await expect(actorGenerator(tree, { skipFormat: true, ...options })).rejects.toThrow(message);
  });

  it('refuses to overwrite an existing project', async () => {
    await actorGenerator(tree, { name: 'dup', template: 'minimal', skipFormat: true });
    await expect(actorGenerator(tree, { name: 'dup', template: 'minimal', skipFormat: true })).rejects.toThrow(/dup\/wasmcloud\.toml already exists/);
  });
});
