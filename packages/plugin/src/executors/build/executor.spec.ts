import { createTree } from '@nx/devkit/testing';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { actorGenerator } from '../../generators/actor/generator';
import { providerGenerator } from '../../generators/provider/generator';
import { captureOutput, executorContext, materialize, requireTool } from '../../test-support/executor-context';
import { tempTree } from '../../test-support/files';
import buildExecutor from './executor';

// Real cargo: Debian's rustc has the wasm32 std library (and lld); the rustup one first on PATH may not.
requireTool('/usr/bin/cargo', 'Debian cargo');
requireTool('/usr/lib/rustlib/wasm32-unknown-unknown', "Debian's wasm32 standard library (libstd-rust-dev-wasm32)");
requireTool('/usr/bin/wasm-objdump', 'wasm-objdump (wabt)');

jest.setTimeout(120_000);

describe('build executor', () => {
  const ws = tempTree({});
  afterAll(() => ws.cleanup());

  beforeAll(async () => {
    const tree = createTree();
    await actorGenerator(tree, { name: 'hello', template: 'minimal', directory: 'hello', skipFormat: true });
    await providerGenerator(tree, { name: 'fact', template: 'minimal', directory: 'fact', contractId: 'example:interfaces:factorial', skipFormat: true });
    materialize(tree, ws.root);
  });

  it('builds the minimal actor for wasm32 into build/<lib>.wasm with the wasmbus guest ABI', async () => {
    const out = captureOutput();
    const result = await buildExecutor({}, executorContext(ws.root, 'hello', 'hello')).finally(out.restore);
    expect(result).toEqual({ success: true });
    const wasm = join(ws.root, 'hello/build/hello.wasm');
    expect(readFileSync(wasm).subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
    const dump = execFileSync('/usr/bin/wasm-objdump', ['-x', wasm], { encoding: 'utf8' });
    expect(dump).toMatch(/<- wasmbus\.__guest_request/);
    expect(dump).toMatch(/<- wasmbus\.__guest_response/);
    expect(dump).toMatch(/<- wasmbus\.__guest_error/);
    expect(dump).toMatch(/-> "__guest_call"/);
    expect(dump).toMatch(/-> "__wasmbus_rpc_version"/);
    expect(out.text()).toContain('Actor built:');
  });

  it('builds the std-only provider for the host into build/bin/<triple>/<bin>, and the binary runs', async () => {
    const out = captureOutput();
    const result = await buildExecutor({}, executorContext(ws.root, 'fact', 'fact')).finally(out.restore);
    expect(result).toEqual({ success: true });
    const host = /host: (\S+)/.exec(execFileSync('/usr/bin/rustc', ['-vV'], { encoding: 'utf8' }))![1];
    const bin = join(ws.root, 'fact/build/bin', host, 'fact');
    expect(statSync(bin).mode & 0o111).not.toBe(0);
    const hostData = Buffer.from(JSON.stringify({ host_id: 'N1', provider_key: 'VTESTKEY', link_name: 'default' })).toString('base64');
    // It reads the host data line and starts; it then needs the lattice's NATS (none here), which
    // the provider test target covers.
    const run = spawnSync(bin, [], { input: `${hostData}\n`, encoding: 'utf8' });
    expect(run.stderr).toContain('Starting capability provider VTESTKEY instance');
  });

  it("builds an interface's generated TypeScript project with the workspace's tsc", async () => {
    symlinkSync(join(__dirname, '../../../../../node_modules'), join(ws.root, 'node_modules'));
    ws.write({
      'iface/ts/tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'out', strict: true, declaration: true }, include: ['*.ts'] }),
      'iface/ts/factorial.ts': 'export function factorial(n: number): number {\n  return n <= 1 ? 1 : n * factorial(n - 1);\n}\n',
    });
    const out = captureOutput();
    const result = await buildExecutor({ tsProject: 'ts' }, executorContext(ws.root, 'iface', 'iface')).finally(out.restore);
    expect(result).toEqual({ success: true });
    expect(readFileSync(join(ws.root, 'iface/ts/out/factorial.d.ts'), 'utf8')).toContain('export declare function factorial(n: number): number;');
    ws.write({ 'iface/ts/factorial.ts': 'export const x: number = "no";\n' });
    const failed = captureOutput();
    expect(await buildExecutor({ tsProject: 'ts' }, executorContext(ws.root, 'iface', 'iface')).finally(failed.restore)).toEqual({ success: false });
  });

  it('fails with one line naming what to install when no toolchain has the wasm32 target', async () => {
    const saved = process.env.RUSTC;
    process.env.RUSTC = '/nonexistent/rustc';
    const out = captureOutput();
    try {
      expect(await buildExecutor({}, executorContext(ws.root, 'hello', 'hello'))).toEqual({ success: false });
    } finally {
      out.restore();
      if (saved === undefined) delete process.env.RUSTC;
      else process.env.RUSTC = saved;
    }
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: cargo\/rustc not found \(\/nonexistent\/rustc: not found\): install Rust/);
  });

  it('reports a compile error as a failed task, the compiler output streamed', async () => {
    ws.write({ 'broken/wasmcloud.toml': readFileSync(join(ws.root, 'hello/wasmcloud.toml'), 'utf8').replace('"hello"', '"broken"') });
    ws.write({ 'broken/Cargo.toml': '[package]\nname = "broken"\nversion = "0.1.0"\nedition = "2021"\n[lib]\ncrate-type = ["cdylib"]\n' });
    ws.write({ 'broken/src/lib.rs': 'pub fn f() -> u32 { "no" }\n' });
    const out = captureOutput();
    const result = await buildExecutor({}, executorContext(ws.root, 'broken', 'broken')).finally(out.restore);
    expect(result).toEqual({ success: false });
    expect(out.text()).toMatch(/error: .*cargo build --release --target wasm32-unknown-unknown .* exited with code 101/);
    expect(existsSync(join(ws.root, 'broken/build/broken.wasm'))).toBe(false);
  });
});
