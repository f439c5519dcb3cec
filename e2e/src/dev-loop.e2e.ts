// The one-command dev loop as a new user meets it: packages published to a local npm
// registry, a fresh workspace with a generated minimal actor, `nx run hello:dev` left running. An
// edit of the handler answers through `nx-wasmcloud call` (over the lattice, the way a user checks a
// running actor) right after the cycle line; a broken edit prints a failed cycle and the previous
// version keeps answering. dev starts the registry, nats-server and host itself; stopping it (by
// its process group, as Ctrl-C would) must leave none of them listening.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { kit, log, step } from './steps';
import { jsonOf, readJson } from './support';

const PLUGIN = '@nx-wasmcloud/plugin';
const ACTOR = 'hello';
const LATTICE = 'e2edev';
// The minimal actor template's reply, and the two edits of its handler.
const REPLY = 'Ok(http_response(200, b"Hello, World!"))';
const EDITED = 'Ok(http_response(200, b"Hello, dev loop!"))';

const S1 = '1. publish the packages, fresh workspace, nx add, a minimal actor';
const S2 = '2. nx run hello:dev starts registry, nats-server and host, runs the actor, prints a cycle line';
const S3 = '3. an edit of the handler: the next cycle line, then call answers with the new reply';
const S4 = '4. a broken edit: a failed cycle line, call still answers with the previous reply';
const S5 = '5. dev stopped by its process group (as Ctrl-C in a terminal): registry and nats-server no longer listen';

const cleanup = new kit.Cleanup();
let tmp = '';
let ws: kit.Workspace;
let version = '';
const env: Record<string, string> = {};
const ports = { registry: 0, nats: 0 };
let dev: kit.Service;
let actorKey = '';
let source = '';

/** Output without the colour escapes Nx prints even without a TTY. */
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');
/** dev's complete output lines so far. */
const lines = () => plain(dev.output()).split('\n').slice(0, -1);

/** The first line from index `after` on that matches, waiting for it (dev must not exit meanwhile). */
async function waitForLine(re: RegExp, after: number, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = lines()
      .slice(after)
      .find((l) => re.test(l));
    if (hit) return hit;
    const exited = dev.exited();
    if (exited) throw new Error(`dev exited (code ${exited.code}, signal ${exited.signal}) before a line matching ${re}:\n${dev.output()}`);
    if (Date.now() > deadline) throw new Error(`no line matching ${re} within ${timeoutMs} ms:\n${dev.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The body of HttpServer.HandleRequest, asked of the running actor over the lattice with the CLI. */
async function call(): Promise<string> {
  const { stdout } = await kit.run(
    'nx-wasmcloud call',
    path.join(ws.dir, 'node_modules/.bin/nx-wasmcloud'),
    [
      'call',
      actorKey,
      'HttpServer.HandleRequest',
      '--data',
      '{"method":"GET","path":"/"}',
      '--nats-url',
      `127.0.0.1:${ports.nats}`,
      '--lattice',
      LATTICE,
      '-o',
      'json',
    ],
    { cwd: ws.dir, env, log },
  );
  const reply = jsonOf(stdout).reply as { statusCode?: number; body?: unknown };
  const body = reply.body;
  return typeof body === 'string' ? body : Buffer.from(body as number[]).toString('utf8');
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => (s.destroy(), resolve(true)));
    s.on('error', () => resolve(false));
  });

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-wasmcloud-e2e-dev-'));
  env.WASH_KEYS = path.join(tmp, 'keys');
  env.TMPDIR = path.join(tmp, 'tmpdir');
  fs.mkdirSync(env.TMPDIR, { recursive: true });
  log(`e2e temp dir: ${tmp}`);
});

afterAll(async () => {
  await cleanup.stopAll(log);
  if (process.env.E2E_KEEP_TMP) log(`kept ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
});

describe('nx-wasmcloud dev loop end to end', () => {
  step(S1, [], async () => {
    const verdaccio = await kit.startVerdaccio({ dir: path.join(tmp, 'verdaccio') });
    cleanup.add('verdaccio', verdaccio.stop);
    const published = await kit.publishPackages({ registry: verdaccio.url, stagingRoot: path.join(tmp, 'stage'), log });
    version = published.version;
    ws = await kit.createWorkspace({ dir: path.join(tmp, 'ws'), registry: verdaccio.url, pluginVersion: version, log, env });
    await kit.run('install @nx-wasmcloud/cli', 'npm', ['install', '--save-dev', `@nx-wasmcloud/cli@${version}`, '--no-audit', '--no-fund'], {
      cwd: ws.dir,
      env: kit.checkoutEnv(ws.dir, env),
      log,
    });
    // The hosts dev starts sign and check invocations with this cluster seed; call signs with it too.
    const { stdout } = await kit.run(
      'nx-wasmcloud keys gen cluster',
      path.join(ws.dir, 'node_modules/.bin/nx-wasmcloud'),
      ['keys', 'gen', 'cluster', '-o', 'json'],
      {
        cwd: ws.dir,
      },
    );
    env.WASMCLOUD_CLUSTER_SEED = jsonOf(stdout).seed;

    // Free ports for the push registry and the host's NATS, through the plugin options (what dev's
    // inferred natsUrl and the push registry come from), so the run never meets a developer's host.
    ports.registry = await kit.freePort();
    ports.nats = await kit.freePort();
    const nxJsonFile = path.join(ws.dir, 'nx.json');
    const nxJson = readJson(nxJsonFile);
    nxJson.plugins = (nxJson.plugins ?? []).map((p: string | { plugin: string; options?: Record<string, unknown> }) =>
      (typeof p === 'string' ? p : p.plugin) === PLUGIN
        ? {
            plugin: PLUGIN,
            options: {
              ...(typeof p === 'string' ? {} : p.options),
              registryPort: ports.registry,
              registry: `127.0.0.1:${ports.registry}`,
              hostNatsPort: ports.nats,
            },
          }
        : p,
    );
    fs.writeFileSync(nxJsonFile, `${JSON.stringify(nxJson, null, 2)}\n`);
    kit.requireGenerator('actor', ws.dir);
    await ws.nx('generate actor', ['g', `${PLUGIN}:actor`, ACTOR, '--template=minimal', '--no-interactive'], { env });
    const { stdout: shown } = await ws.nx(`nx show project ${ACTOR}`, ['show', 'project', ACTOR, '--json'], { env });
    kit.requireTarget(jsonOf(shown), ACTOR, 'dev');
    source = fs.readFileSync(path.join(ws.dir, ACTOR, 'src/lib.rs'), 'utf8');
    expect(source).toContain(REPLY);
  });

  step(S2, [S1], async () => {
    dev = kit.startService({
      name: `nx run ${ACTOR}:dev`,
      file: path.join(ws.dir, 'node_modules/.bin/nx'),
      args: ['run', `${ACTOR}:dev`, `--lattice=${LATTICE}`, '--debounceMs=100', '--outputStyle=stream'],
      cwd: ws.dir,
      env: kit.cleanEnv(kit.checkoutEnv(ws.dir, env)),
    });
    cleanup.add(`nx run ${ACTOR}:dev`, dev.stop);
    const started = Date.now();
    const first = await waitForLine(new RegExp(`${ACTOR}: start -> sha256:[0-9a-f]{64} running in `), 0, 300_000);
    log(first.trim());
    log(`first cycle after ${((Date.now() - started) / 1000).toFixed(1)} s (cargo's first wasm32 build included)`);
    expect(plain(dev.output())).toContain(`registry: 127.0.0.1:${ports.registry} started`);
    expect(plain(dev.output())).toMatch(/dashboard: http:\/\/127\.0\.0\.1:\d+\//);
    // The sign step generated the module key in WASH_KEYS: its public half is the actor to call.
    const script =
      "const {KeyPair}=require('@nx-wasmcloud/wascap');const fs=require('fs');process.stdout.write(KeyPair.fromSeed(fs.readFileSync(process.argv[1],'utf8').trim()).publicKey)";
    actorKey = (await kit.run('actor public key', process.execPath, ['-e', script, path.join(env.WASH_KEYS, `${ACTOR}_module.nk`)], { cwd: ws.dir })).stdout;
    expect(await call()).toBe('Hello, World!');
  });

  step(S3, [S2], async () => {
    const mark = lines().length;
    const edited = Date.now();
    fs.writeFileSync(path.join(ws.dir, ACTOR, 'src/lib.rs'), source.replace(REPLY, EDITED));
    const cycle = await waitForLine(new RegExp(`${ACTOR}: ${ACTOR}/src/lib\\.rs -> sha256:[0-9a-f]{64} running in `), mark, 120_000);
    log(cycle.trim());
    log(`edit to cycle line: ${((Date.now() - edited) / 1000).toFixed(1)} s`);
    expect(await call()).toBe('Hello, dev loop!');
  });

  step(S4, [S3], async () => {
    const mark = lines().length;
    fs.writeFileSync(path.join(ws.dir, ACTOR, 'src/lib.rs'), source.replace('pub fn handle(', 'pub fn handle( {'));
    const failed = await waitForLine(new RegExp(`${ACTOR}: ${ACTOR}/src/lib\\.rs -> build failed after .*the previous version keeps running`), mark, 120_000);
    log(failed.trim());
    // cargo's message is shown, not only the verdict.
    expect(lines().slice(mark).join('\n')).toMatch(/error/);
    expect(await call()).toBe('Hello, dev loop!');
  });

  step(S5, [S2], async () => {
    await dev.stop();
    expect(await listening(ports.nats)).toBe(false);
    expect(await listening(ports.registry)).toBe(false);
  });
});
