import type { CreateNodesResult, ExecutorContext } from '@nx/devkit';
import { createTree } from '@nx/devkit/testing';
import { latticeCall } from '@nx-wasmcloud/host';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actorGenerator } from '../../generators/actor/generator';
import { interfaceGenerator } from '../../generators/interface/generator';
import { createNodes } from '../../graph/create-nodes';
import { freePort } from '@nx-wasmcloud/oci';
import { listening } from '../../test-support/listening';
import { captureOutput, executorContext, materialize, requireTool } from '../../test-support/executor-context';
import { tempTree } from '../../test-support/files';
import devExecutor from './executor';
import { workspaceContext } from './test-support/workspace-graph';

requireTool('/usr/bin/cargo', 'Debian cargo');
requireTool('/usr/lib/rustlib/wasm32-unknown-unknown', "Debian's wasm32 standard library (libstd-rust-dev-wasm32)");
requireTool('/usr/bin/docker-registry', 'the Distribution registry (Debian docker-registry)');
requireTool('/usr/sbin/nats-server', 'nats-server (Debian)');
jest.setTimeout(300_000);

describe('dev executor (real cargo, registry, nats-server and host it starts itself)', () => {
  const ws = tempTree({ 'package.json': '{"name":"ws"}', 'nx.json': '{}' });
  const saved = { ...process.env };
  const cluster = KeyPair.create('cluster');
  let scratch: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'dev-spec-'));
    // Keys, the host's OCI cache and Nx's workspace data inside the test's temp dirs.
    Object.assign(process.env, {
      WASH_KEYS: join(scratch, 'keys'),
      TMPDIR: scratch,
      WASMCLOUD_CLUSTER_SEED: cluster.seed,
      NX_WORKSPACE_DATA_DIRECTORY: join(scratch, 'wsdata'),
    });
    const tree = createTree();
    await actorGenerator(tree, { name: 'hello', template: 'minimal', directory: 'hello', skipFormat: true });
    materialize(tree, ws.root);
  });
  afterAll(() => {
    process.env = saved;
    ws.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('starts registry + host, runs the actor; an edit runs within a cycle; a broken edit keeps the old one answering; SIGTERM stops all it started', async () => {
    const [registryPort, natsPort] = [await freePort(), await freePort()];
    const registry = `127.0.0.1:${registryPort}`;
    // The project as Nx infers it (the plugin's own createNodes), so each step runs with its target's options.
    const results = await createNodes[1](['hello/wasmcloud.toml'], { registry, hostNatsPort: natsPort }, { nxJsonConfiguration: {}, workspaceRoot: ws.root });
    const project = (results[0][1] as CreateNodesResult).projects!.hello;
    const context: ExecutorContext = executorContext(ws.root, 'hello', 'hello', 'dev');
    context.projectsConfigurations.projects.hello = { ...project, root: 'hello', name: 'hello' } as never;
    expect(project.targets?.dev).toMatchObject({ executor: '@nx-wasmcloud/plugin:dev', continuous: true });

    const out = captureOutput();
    // Complete lines only: the text ends with "\n", so a mark taken now is the index of the next line.
    const lines = () => out.text().split('\n').slice(0, -1);
    const waitFor = async (re: RegExp, after = 0) => {
      for (let i = 0; i < 900; i++) {
        const hit = lines()
          .slice(after)
          .find((l) => re.test(l));
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no line matching ${re} in:\n${out.text()}`);
    };
    const actorKey = () => KeyPair.fromSeed(readFileSync(join(scratch, 'keys/hello_module.nk'), 'utf8').trim()).publicKey;
    const reply = async () => {
      const bytes = await latticeCall({
        nats: `nats://127.0.0.1:${natsPort}`,
        lattice: 'devspec',
        clusterSeed: cluster.seed,
        actorKey: actorKey(),
        operation: 'HttpServer.HandleRequest',
        payload: new Uint8Array([0x80]),
      });
      return Buffer.from(bytes).toString('latin1');
    };

    const running = devExecutor({ natsUrl: `127.0.0.1:${natsPort}`, lattice: 'devspec', debounceMs: 100 }, context);
    let result: { success: boolean } | undefined;
    try {
      const first = await waitFor(/^hello: start -> sha256:[0-9a-f]{64} running in /);
      expect(out.text()).toContain(`registry: ${registry} started`);
      expect(out.text()).toMatch(/dashboard: http:\/\/127\.0\.0\.1:\d+\//);
      expect(first).toMatch(/\(build [\d.]+s, sign [\d.]+s, push [\d.]+s, deploy [\d.]+s\)$/);
      expect(await reply()).toContain('Hello, World!');

      const lib = join(ws.root, 'hello/src/lib.rs');
      const source = readFileSync(lib, 'utf8');
      let mark = lines().length;
      writeFileSync(lib, source.replace('Ok(http_response(200, b"Hello, World!"))', 'Ok(http_response(200, b"Hello, dev loop!"))'));
      const second = await waitFor(/^hello: hello\/src\/lib\.rs -> sha256:/, mark);
      expect(second.match(/sha256:\w+/)![0]).not.toBe(first.match(/sha256:\w+/)![0]);
      expect(await reply()).toContain('Hello, dev loop!');

      mark = lines().length;
      writeFileSync(lib, source.replace('pub fn handle(', 'pub fn handle( {'));
      const broken = await waitFor(/^hello: hello\/src\/lib\.rs -> build failed after /, mark);
      expect(broken).toMatch(/the previous version keeps running$/);
      expect(lines().slice(mark).join('\n')).toMatch(/error/);
      expect(await reply()).toContain('Hello, dev loop!');
    } finally {
      process.emit('SIGTERM');
      result = await running;
      out.restore();
      if (process.env.DEV_SPEC_LOG) writeFileSync(process.env.DEV_SPEC_LOG, out.text());
    }
    expect(result).toEqual({ success: true });
    expect(await listening(natsPort)).toBe(false);
    expect(await listening(registryPort)).toBe(false);
  });
});

/** Output lines as they come, and a wait for one matching after a mark. */
function lineWatch(out: { text(): string }) {
  const lines = () => out.text().split('\n').slice(0, -1);
  const waitFor = async (re: RegExp, after = 0) => {
    for (let i = 0; i < 1800; i++) {
      const hit = lines()
        .slice(after)
        .find((l) => re.test(l));
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no line matching ${re} in:\n${out.text()}`);
  };
  return { lines, waitFor };
}

describe('dev executor on an interface (the actors that depend on it in the Nx graph, real cargo, codegen and host)', () => {
  const ws = tempTree({ 'package.json': '{"name":"ws"}', 'nx.json': '{}' });
  const saved = { ...process.env };
  const cluster = KeyPair.create('cluster');
  const CONTRACT = 'wasmcloud:example:factorial';
  let scratch: string;
  let tree: ReturnType<typeof createTree>;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'dev-spec-'));
    Object.assign(process.env, {
      WASH_KEYS: join(scratch, 'keys'),
      TMPDIR: scratch,
      WASMCLOUD_CLUSTER_SEED: cluster.seed,
      NX_WORKSPACE_DATA_DIRECTORY: join(scratch, 'wsdata'),
    });
    tree = createTree();
    await interfaceGenerator(tree, { name: 'factorial', template: 'minimal', contractId: CONTRACT, directory: 'factorial', skipFormat: true });
    for (const name of ['hello', 'world']) await actorGenerator(tree, { name, template: 'minimal', directory: name, capabilities: CONTRACT, skipFormat: true });
  });
  afterAll(() => {
    process.env = saved;
    ws.cleanup();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('starts both actors; a .smithy edit runs codegen once and rebuilds both; an actor edit only that one; a broken model keeps both answering', async () => {
    const [registryPort, natsPort] = [await freePort(), await freePort()];
    const context = await workspaceContext(tree, ws.root, 'factorial', 'dev', { registry: `127.0.0.1:${registryPort}`, hostNatsPort: natsPort });
    const out = captureOutput();
    const { lines, waitFor } = lineWatch(out);
    const reply = async (actor: string) => {
      const actorKey = KeyPair.fromSeed(readFileSync(join(scratch, `keys/${actor}_module.nk`), 'utf8').trim()).publicKey;
      const bytes = await latticeCall({
        nats: `nats://127.0.0.1:${natsPort}`,
        lattice: 'devspec',
        clusterSeed: cluster.seed,
        actorKey,
        operation: 'HttpServer.HandleRequest',
        payload: new Uint8Array([0x80]),
      });
      return Buffer.from(bytes).toString('latin1');
    };
    const running = devExecutor({ natsUrl: `127.0.0.1:${natsPort}`, lattice: 'devspec', debounceMs: 100 }, context);
    let result: { success: boolean } | undefined;
    try {
      await waitFor(/^hello: start -> sha256:[0-9a-f]{64} running in /);
      await waitFor(/^world: start -> sha256:[0-9a-f]{64} running in /);
      expect(await waitFor(/: watching /)).toBe('factorial (actors hello, world): watching hello, factorial, world (Ctrl-C stops dev and what it started)');
      expect(await reply('hello')).toContain('Hello, World!');
      expect(await reply('world')).toContain('Hello, World!');

      const model = join(ws.root, 'factorial/factorial.smithy');
      const source = readFileSync(model, 'utf8');
      let mark = lines().length;
      writeFileSync(model, `${source}\n// a comment: the model changed, its meaning did not\n`);
      const smithyLine =
        /^(hello|world): factorial\/factorial\.smithy -> sha256:[0-9a-f]{64} running in [\d.]+s \(factorial:codegen [\d.]+s, build [\d.]+s, sign [\d.]+s, push [\d.]+s, deploy [\d.]+s\)$/;
      await waitFor(/^world: factorial\/factorial\.smithy -> /, mark);
      const round = lines().slice(mark);
      expect(round.filter((l) => smithyLine.test(l)).map((l) => l.split(':')[0])).toEqual(['hello', 'world']);
      expect(await reply('hello')).toContain('Hello, World!');

      // An actor's own edit rebuilds that actor only.
      const lib = join(ws.root, 'world/src/lib.rs');
      mark = lines().length;
      writeFileSync(lib, readFileSync(lib, 'utf8').replace('b"Hello, World!"', 'b"Hello from world"'));
      await waitFor(/^world: world\/src\/lib\.rs -> sha256:/, mark);
      expect(await reply('world')).toContain('Hello from world');
      expect(await reply('hello')).toContain('Hello, World!');
      expect(
        lines()
          .slice(mark)
          .filter((l) => l.startsWith('hello: ')),
      ).toEqual([]);

      mark = lines().length;
      writeFileSync(model, source.replace(/operation\s+\w+/, 'operation {'));
      await waitFor(/^world: factorial\/factorial\.smithy -> factorial:codegen failed after /, mark);
      const failed = lines()
        .slice(mark)
        .filter((l) => /-> factorial:codegen failed after .*; the previous version keeps running$/.test(l));
      expect(failed.map((l) => l.split(':')[0])).toEqual(['hello', 'world']);
      expect(await reply('hello')).toContain('Hello, World!');
      expect(await reply('world')).toContain('Hello from world');
    } finally {
      process.emit('SIGTERM');
      result = await running;
      out.restore();
      if (process.env.DEV_SPEC_LOG) writeFileSync(process.env.DEV_SPEC_LOG, out.text());
    }
    expect(result).toEqual({ success: true });
    expect(await listening(natsPort)).toBe(false);
    expect(await listening(registryPort)).toBe(false);
  });
});
