/**
 * The actor loop inside real Nx (the built plugin in a temp workspace): a generated minimal actor's
 * `test` target builds, signs and runs Testing.Start in the embedded host, is replayed from the
 * cache, re-runs when the test options change; `call` invokes the signed actor.
 */
import { KeyPair, writeKeyFile } from '@nx-wasmcloud/wascap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireTool } from '../../test-support/executor-context';
import { TempWorkspace } from '../../test-support/temp-workspace';

requireTool(join(__dirname, '../../../dist/executors/call/executor.js'), 'the built plugin (nx run @nx-wasmcloud/plugin:build)');
requireTool(join(__dirname, '../../../../host/dist/index.js'), 'the built host (nx run @nx-wasmcloud/host:build)');
requireTool('/usr/bin/cargo', 'Debian cargo');
jest.setTimeout(240_000);

describe('actor test and call targets in a real Nx workspace', () => {
  const ws = new TempWorkspace('nxwc-host-');
  const env = { WASH_KEYS: join(ws.root, 'keys'), USER: 'ci' };
  afterAll(() => ws.remove());

  const nx = (args: string[]) => {
    const r = ws.nx(args, env);

    return { status: r.status, output: `${r.stdout}${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '') };
  };
  const HIT = /\[(local cache|existing outputs match the cache, left as is)\]/.source;
  const ok = (args: string[]) => {
    const r = nx(args);
    if (r.status !== 0) throw new Error(`nx ${args.join(' ')} failed (${r.status}):\n${r.output}`);
    return r.output;
  };

  beforeAll(async () => {
    await writeKeyFile(join(ws.root, 'keys', 'ci_account.nk'), KeyPair.create('account'));
    await writeKeyFile(join(ws.root, 'keys', 'hello_module.nk'), KeyPair.create('module'));
    ok(['g', '@nx-wasmcloud/plugin:actor', 'hello', '--template=minimal', '--capabilities=wasmcloud:httpserver,wasmcloud:keyvalue']);
  });

  it('test: unit tests, then sign and Testing.Start in the host; replayed from the cache; re-run on new options', () => {
    const first = ok(['run', 'hello:test']);
    expect(first).toMatch(/nx run hello:sign/);
    expect(first).toContain('Links: wasmcloud:keyvalue -> in-memory double');
    expect(first).toContain('Pass: http_request_says_hello\nPass: health_check_is_healthy\nTest results: 2/2 Passed');
    const again = ok(['run', 'hello:test']);
    expect(again).toMatch(new RegExp(`nx run hello:test\\s+${HIT}`));
    expect(again).toContain('Test results: 2/2 Passed');
    writeFileSync(join(ws.root, 'hello/test-options.json'), '{"patterns": ["^health"], "options": {}}\n');
    const narrowed = ok(['run', 'hello:test']);
    expect(narrowed).not.toMatch(new RegExp(`nx run hello:test\\s+${HIT}`));
    expect(narrowed).toContain('Pass: health_check_is_healthy\nTest results: 1/1 Passed');
  });

  it('call: prints the reply of the signed actor as JSON (cache: false in the graph spec); a guest error fails the task in one line', () => {
    const args = ['run', 'hello:call', '--operation=HttpServer.HandleRequest', '--data={"method":"GET","path":"/"}'];
    const first = ok(args);
    expect(first).toContain('"body": "Hello, World!"');
    expect(first).toContain('"statusCode": 200');
    const bad = nx(['run', 'hello:call', '--operation=Nope.Nothing']);
    expect(bad.status).not.toBe(0);
    expect(bad.output).toContain('error: Guest call failed for method Nope.Nothing: unknown method');
    expect(bad.output).not.toMatch(/ {4}at /);
  });
});
