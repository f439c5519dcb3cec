import { createTree } from '@nx/devkit/testing';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { actorGenerator } from '../../generators/actor/generator';
import { captureOutput, executorContext, materialize, requireTool } from '../../test-support/executor-context';
import { tempTree } from '../../test-support/files';
import buildExecutor from '../build/executor';
import signExecutor from '../sign/executor';
import testExecutor from './executor';

requireTool('/usr/bin/cargo', 'Debian cargo');
jest.setTimeout(180_000);

describe('test executor', () => {
  const ws = tempTree({});
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
    ws.cleanup();
  });
  const ctx = (target = 'test') => executorContext(ws.root, 'hello', 'hello', target);
  const lib = join(ws.root, 'hello/src/lib.rs');
  const testing = join(ws.root, 'hello/src/testing.rs');
  let pristine: { lib: string; testing: string };

  beforeAll(async () => {
    process.env.WASH_KEYS = join(ws.root, 'keys');
    delete process.env.WASH_ISSUER_KEY;
    delete process.env.WASH_SUBJECT_KEY;
    const tree = createTree();
    await actorGenerator(tree, {
      name: 'hello',
      template: 'minimal',
      directory: 'hello',
      capabilities: 'wasmcloud:httpserver,wasmcloud:keyvalue',
      skipFormat: true,
    });
    materialize(tree, ws.root);
    pristine = { lib: readFileSync(lib, 'utf8'), testing: readFileSync(testing, 'utf8') };
  });
  afterEach(() => {
    writeFileSync(lib, pristine.lib);
    writeFileSync(testing, pristine.testing);
  });

  /** build + sign, as the inferred test target's dependsOn does. */
  const signed = async () => {
    const out = captureOutput();
    try {
      expect(await buildExecutor({}, ctx('build'))).toEqual({ success: true });
      expect(await signExecutor({}, ctx('sign'))).toEqual({ success: true });
    } finally {
      out.restore();
    }
  };
  const test = async (options = {}) => {
    const out = captureOutput();
    const result = await testExecutor(options, ctx()).finally(out.restore);
    return { result, text: out.text() };
  };

  it('runs cargo test on the host target although .cargo/config.toml defaults to wasm32, then Testing.Start in the host', async () => {
    await signed();
    const { result, text } = await test();
    expect(result).toEqual({ success: true });
    expect(text).toMatch(
      /Testing\.Start in the embedded host \(@nx-wasmcloud\/host \d+\.\d+\.\d+\S*\): hello\/build\/hello_s\.wasm with hello\/test-options\.json/,
    );
    // The claimed contract that has a double gets it; wasmcloud:httpserver has none.
    expect(text).toContain('Links: wasmcloud:keyvalue -> in-memory double');
    expect(text).toContain('Pass: http_request_says_hello\nPass: health_check_is_healthy\nTest results: 2/2 Passed');
  });

  it('fails the task when a unit test fails', async () => {
    writeFileSync(lib, pristine.lib.replace('b"Hello, World!")', 'b"Goodbye")'));
    const { result, text } = await test();
    expect(result).toEqual({ success: false });
    expect(text).toMatch(/error: .*cargo test --target \S+ exited with code 101/);
  });

  it('fails the task when a test in the host fails, naming the test and its error', async () => {
    // The in-host test now expects another body; the unit tests that run it natively are skipped.
    writeFileSync(testing, pristine.testing.replace('body.as_slice() == b"Hello, World!"', 'body.as_slice() == b"Hi"'));
    await signed();
    const { result, text } = await test({ args: ['--', '--skip', 'testing::'] });
    expect(result).toEqual({ success: false });
    expect(text).toContain(
      'Fail: http_request_says_hello: body is Some(Bin([72, 101, 108, 108, 111, 44, 32, 87, 111, 114, 108, 100, 33])), expected "Hello, World!"',
    );
    expect(text).toContain('Pass: health_check_is_healthy\nTest results: 1/2 Passed');
    expect(text).toContain('error: 1 of 2 tests failed in the host (hello)');
  });

  it('takes patterns from the options file, links from options, and refuses a bad link in one line', async () => {
    await signed();
    writeFileSync(join(ws.root, 'hello/health-only.json'), '{"patterns": ["^health"], "options": {}}');
    writeFileSync(join(ws.root, 'hello/kv.js'), 'module.exports = () => new Uint8Array(0);\n');
    const only = await test({ testOptions: 'health-only.json', links: { 'wasmcloud:keyvalue': 'kv.js' } });
    expect(only.result).toEqual({ success: true });
    expect(only.text).toContain('Links: wasmcloud:keyvalue -> kv.js');
    expect(only.text).toContain('Pass: health_check_is_healthy\nTest results: 1/1 Passed');
    const bad = await test({ links: { 'example:none': 'double' } });
    expect(bad.result).toEqual({ success: false });
    expect(bad.text).toContain('error: link example:none: there is no in-memory double for this contract');
  });

  it('names the missing signed module, and skips the host without a test-options.json', async () => {
    rmSync(join(ws.root, 'hello/build'), { recursive: true, force: true });
    const missing = await test();
    expect(missing.result).toEqual({ success: false });
    expect(missing.text).toContain('error: hello/build/hello_s.wasm does not exist: run the sign target first');
    const skipped = await test({ testOptions: 'none.json' });
    expect(skipped.result).toEqual({ success: true });
    expect(skipped.text).not.toContain('Testing.Start');
  });
});
