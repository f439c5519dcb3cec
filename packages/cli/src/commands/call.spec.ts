import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode as msgpackEncode } from '@msgpack/msgpack';
import { KeyPair, signActor } from '@nx-wasmcloud/wascap';
import { run } from '../program';
import { captureIo } from '../test-support';
import { rustActorModule, watActorModule } from '../../../host/src/test-support/fixtures';
import { FAMILIES } from '../../../host/src/test-support/wat-actor';
import { parseLinks } from './call';

jest.setTimeout(120_000);

/** The plugin's `minimal` actor template, as `nx g @nx-wasmcloud/plugin:actor --template=minimal` writes it. */
const TEMPLATE = join(__dirname, '../../../plugin/src/generators/actor/files/rust-minimal');

/** Renders the template's files (only `name` and `snakeName` are used by the files built here). */
function renderTemplate(dest: string, name: string): void {
  cpSync(TEMPLATE, dest, { recursive: true });
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      const target = join(dir, entry.replace(/__tmpl__$/, '').replace(/^__dot__/, '.'));
      writeFileSync(
        path,
        readFileSync(path, 'utf8')
          .replace(/<%- name %>/g, name)
          .replace(/<%- snakeName %>/g, name),
      );
      if (target !== path) renameSync(path, target);
    }
  };
  walk(dest);
  renameSync(join(dest, '__dot__cargo'), join(dest, '.cargo'));
}

describe('nx-wasmcloud call', () => {
  let dir: string;
  let minimal: string;
  beforeAll(async () => {
    if (!existsSync('/usr/bin/cargo')) throw new Error('Debian cargo is required for this test: /usr/bin/cargo is missing (run tools/ensure-system-deps.sh)');
    dir = mkdtempSync(join(tmpdir(), 'cli-call-'));
    const project = join(dir, 'hello');
    renderTemplate(project, 'hello');
    execFileSync('/usr/bin/cargo', ['build', '--offline', '--release', '--target', 'wasm32-unknown-unknown'], {
      cwd: project,
      env: { ...process.env, RUSTC: '/usr/bin/rustc', CARGO_TARGET_DIR: join(project, 'target') },
      stdio: 'pipe',
    });
    const module = new Uint8Array(readFileSync(join(project, 'target/wasm32-unknown-unknown/release/hello.wasm')));
    const sign = (m: Uint8Array, name: string, caps: string[] = []) =>
      signActor(m, { name, caps, issuer: KeyPair.create('account'), subject: KeyPair.create('module'), env: {} });
    writeFileSync(join(project, 'hello_s.wasm'), await sign(module, 'hello', ['wasmcloud:httpserver', 'wasmcloud:keyvalue']));
    minimal = 'hello/hello_s.wasm';
    // The host's Rust fixture answers Testing.Start in CBOR (interface >= 0.5): one pass, one failure.
    writeFileSync(join(dir, 'cbor-tests.wasm'), await sign(rustActorModule(), 'cbor-tests'));
    // A WAT actor that logs, loops forever, and answers Testing.Start with a canned msgpack map holding a non-UTF-8 bin.
    const canned = msgpackEncode({ body: new Uint8Array([0xff, 0xfe, 0x00]), text: new TextEncoder().encode('ok') });
    writeFileSync(join(dir, 'wat.wasm'), await sign(watActorModule({ ...FAMILIES['wasmbus-0.7'], testReply: canned }), 'wat'));
    writeFileSync(join(dir, 'kv-provider.js'), 'module.exports = () => new Uint8Array(0);\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const io = () => captureIo({ cwd: dir, env: {} });

  it('sends --data as msgpack and prints the decoded reply as JSON (bin that is UTF-8 as a string)', async () => {
    const c = io();
    expect(await run(['call', minimal, 'HttpServer.HandleRequest', '--data', '{"method":"GET","path":"/","queryString":"","header":{},"body":""}'], c)).toBe(0);
    expect(JSON.parse(c.stdout.join('\n'))).toEqual({ statusCode: 200, header: {}, body: 'Hello, World!' });
    expect(c.stderr).toEqual([]);
  });

  it('-o json says how the reply was decoded and how bin values were rendered; links are reported', async () => {
    const c = io();
    expect(
      await run(['call', minimal, 'HttpServer.HandleRequest', '--link', 'wasmcloud:keyvalue', '--link', 'example:x=kv-provider.js', '-o', 'json'], c),
    ).toBe(0);
    expect(JSON.parse(c.stdout[0])).toEqual({
      actor: 'hello',
      operation: 'HttpServer.HandleRequest',
      format: 'msgpack',
      binaries: 'utf8',
      reply: { statusCode: 200, header: {}, body: 'Hello, World!' },
      links: { hello: { 'wasmcloud:keyvalue': 'double', 'example:x': join(dir, 'kv-provider.js') } },
    });
    const b = io();
    expect(await run(['call', 'wat.wasm', 'Testing.Start', '-o', 'json'], b)).toBe(0);
    expect(JSON.parse(b.stdout[0])).toMatchObject({
      format: 'msgpack',
      binaries: 'mixed',
      reply: { body: Buffer.from([0xff, 0xfe, 0x00]).toString('base64'), text: 'ok' },
    });
  });

  it('--actor starts more actors in the same host, each linked as asked', async () => {
    const c = io();
    expect(
      await run(
        ['call', minimal, 'Actor.HealthRequest', '--data', '{}', '--actor', 'wat.wasm', '--link', 'wasmcloud:messaging', '--link-name', 'other', '-o', 'json'],
        c,
      ),
    ).toBe(0);
    const out = JSON.parse(c.stdout[0]);
    expect(out.reply).toEqual({ healthy: true, message: '' });
    expect(out.links).toEqual({ hello: { 'wasmcloud:messaging': 'double' }, wat: { 'wasmcloud:messaging': 'double' } });
    const dup = io();
    // Two actors of the same module key cannot run side by side: the host refuses in one line.
    expect(await run(['call', minimal, 'Actor.HealthRequest', '--actor', minimal], dup)).toBe(1);
    expect(dup.stderr).toEqual([expect.stringMatching(/^error: .*hello_s\.wasm: actor hello \(M[A-Z2-7]{55}\) is already running/)]);
  });

  it("--test runs the generated actor's tests in the host from test-options.json (msgpack TestResults)", async () => {
    const c = io();
    expect(await run(['call', minimal, 'Testing.Start', '--data-file', 'hello/test-options.json', '--test'], c)).toBe(0);
    expect(c.stdout).toEqual(['Pass: http_request_says_hello', 'Pass: health_check_is_healthy', 'Test results: 2/2 Passed']);
    const j = io();
    expect(await run(['call', minimal, 'Testing.Start', '--data', '{"patterns":["^health"],"options":{}}', '--test', '-o', 'json'], j)).toBe(0);
    expect(JSON.parse(j.stdout[0])).toEqual({ actor: 'hello', results: [{ name: 'health_check_is_healthy', passed: true }], passed: 1, total: 1 });
  });

  it('--test prints the failure with its name and error and exits 1 (CBOR TestResults)', async () => {
    const c = io();
    expect(await run(['call', 'cbor-tests.wasm', 'Testing.Start', '--data', '{"patterns":[".*"],"options":{}}', '--test'], c)).toBe(1);
    expect(c.stdout).toEqual(['Pass: adds', 'Fail: fails: expected 2', 'Test results: 1/2 Passed']);
    expect(c.stderr).toEqual(['error: 1 of 2 tests failed']);
  });

  it("prints a guest error's text and exits 1", async () => {
    const c = io();
    expect(await run(['call', minimal, 'Nope.Nothing'], c)).toBe(1);
    expect(c.stdout).toEqual([]);
    expect(c.stderr).toEqual(['error: Guest call failed for method Nope.Nothing: unknown method']);
  });

  it("sends actor logs to stderr prefixed with the actor's name", async () => {
    const c = io();
    expect(await run(['call', 'wat.wasm', 'Log.Log', '--data', '"written by the actor"'], c)).toBe(0);
    expect(c.stderr).toHaveLength(1);
    expect(c.stderr[0]).toMatch(/^wat: .*written by the actor$/);
  });

  it('ends an endless call at --timeout-ms with one line', async () => {
    const c = io();
    expect(await run(['call', 'wat.wasm', 'Loop.Forever', '--timeout-ms', '300'], c)).toBe(1);
    expect(c.stderr).toEqual(['error: Failed to perform RPC call: request timeout: wat did not answer Loop.Forever within 300 ms; the instance was discarded']);
  });

  it.each([
    [['call', 'hello/hello_s.wasm', 'X.Y', '--data', '{oops'], 1, /^error: --data is not valid JSON: /],
    [['call', 'hello/hello_s.wasm', 'X.Y', '--data-file', 'none.json'], 1, /^error: --data-file none\.json: cannot read it \(ENOENT\)$/],
    [['call', 'missing.wasm', 'X.Y'], 1, /^error: missing\.wasm: no such file/],
    [
      ['call', 'hello/hello_s.wasm', 'X.Y', '--data', `"${'x'.repeat(200)}"`, '--max-payload-bytes', '100'],
      1,
      /^error: call X\.Y: the payload of 202 bytes exceeds the host's limit of 100 bytes/,
    ],
    [
      ['call', 'hello/hello_s.wasm', 'X.Y', '--data', '1', '--data-file', 'f.json'],
      2,
      /^error: give the data either with --data or with --data-file, not both$/,
    ],
    [['call', 'hello/hello_s.wasm', 'X.Y', '--timeout-ms', 'soon'], 2, /^error: --timeout-ms must be a whole number above 0, got 'soon'$/],
    [['call', 'hello/hello_s.wasm', 'X.Y', '--link', 'example:x=nothing.js'], 1, /^error: link example:x: provider module nothing\.js does not exist/],
    [['call', 'hello/hello_s.wasm', 'X.Y', '--link', 'example:none'], 1, /^error: link example:none: there is no in-memory double for this contract/],
    [['call', 'hello/Cargo.toml', 'X.Y'], 1, /^error: .*Cargo\.toml/],
  ])('refuses bad input in one line: %j', async (argv, code, message) => {
    const c = io();
    expect(await run(argv as string[], c)).toBe(code);
    expect(c.stderr).toHaveLength(1);
    expect(c.stderr[0]).toMatch(message);
    expect(c.stderr[0]).not.toMatch(/\n| {4}at /);
  });

  it('refuses an oversize payload by default (1 MiB) and takes a raised limit', async () => {
    writeFileSync(join(dir, 'big.json'), JSON.stringify('y'.repeat(1024 * 1024)));
    const c = io();
    expect(await run(['call', 'wat.wasm', 'Echo.Echo', '--data-file', 'big.json'], c)).toBe(1);
    expect(c.stderr[0]).toMatch(/exceeds the host's limit of 1048576 bytes/);
    const ok = io();
    expect(await run(['call', 'wat.wasm', 'Echo.Echo', '--data-file', 'big.json', '--max-payload-bytes', '2000000', '-o', 'json'], ok)).toBe(0);
    expect(JSON.parse(ok.stdout[0]).reply).toHaveLength(1024 * 1024);
  });
});

describe('call helpers', () => {
  it('parses --link flags', () => {
    expect(parseLinks(['wasmcloud:keyvalue', 'example:x=./p.js'])).toEqual({ 'wasmcloud:keyvalue': 'double', 'example:x': './p.js' });
    expect(() => parseLinks(['bad id'])).toThrow("--link bad id: 'bad id' is not a contract id (like wasmcloud:keyvalue)");
    expect(() => parseLinks(['a:b='])).toThrow(/name the provider module after '='/);
    expect(() => parseLinks(['a:b', 'a:b=x.js'])).toThrow('--link a:b is given twice');
  });
});
