import { createTree } from '@nx/devkit/testing';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { actorGenerator } from '../../generators/actor/generator';
import { captureOutput, executorContext, materialize, requireTool } from '../../test-support/executor-context';
import { tempTree } from '../../test-support/files';
import buildExecutor from '../build/executor';
import signExecutor from '../sign/executor';
import callExecutor from './executor';
import type { CallExecutorSchema } from './schema';

requireTool('/usr/bin/cargo', 'Debian cargo');
jest.setTimeout(180_000);

describe('call executor', () => {
  const ws = tempTree({});
  const saved = { ...process.env };
  const ctx = (target = 'call') => executorContext(ws.root, 'hello', 'hello', target);
  beforeAll(async () => {
    process.env.WASH_KEYS = join(ws.root, 'keys');
    delete process.env.WASH_ISSUER_KEY;
    delete process.env.WASH_SUBJECT_KEY;
    const tree = createTree();
    await actorGenerator(tree, { name: 'hello', template: 'minimal', directory: 'hello', skipFormat: true });
    materialize(tree, ws.root);
    const out = captureOutput();
    try {
      expect(await buildExecutor({}, ctx('build'))).toEqual({ success: true });
      expect(await signExecutor({}, ctx('sign'))).toEqual({ success: true });
    } finally {
      out.restore();
    }
  });
  afterAll(() => {
    process.env = saved;
    ws.cleanup();
  });

  const call = async (options: CallExecutorSchema) => {
    const out = captureOutput();
    const result = await callExecutor(options, ctx()).finally(out.restore);
    return { result, text: out.text() };
  };

  it('calls the signed actor with --data (JSON text or a parsed value) and prints the reply as JSON', async () => {
    const text = await call({ operation: 'HttpServer.HandleRequest', data: '{"method":"GET","path":"/"}' });
    expect(text.result).toEqual({ success: true });
    expect(JSON.parse(text.text)).toEqual({ statusCode: 200, header: {}, body: 'Hello, World!' });
    const value = await call({ operation: 'Actor.HealthRequest', data: {}, json: true });
    expect(JSON.parse(value.text)).toEqual({
      actor: 'hello',
      operation: 'Actor.HealthRequest',
      format: 'msgpack',
      binaries: 'none',
      reply: { healthy: true, message: '' },
    });
  });

  it('sends a data file; --test style options reach Testing.Start', async () => {
    writeFileSync(join(ws.root, 'hello/health.json'), '{"patterns": ["health"], "options": {}}');
    const r = await call({ operation: 'Testing.Start', dataFile: 'health.json' });
    expect(r.result).toEqual({ success: true });
    expect(JSON.parse(r.text)).toEqual([{ name: 'health_check_is_healthy', passed: true }]);
  });

  it.each([
    [{ operation: 'Nope.Nothing' }, 'error: Guest call failed for method Nope.Nothing: unknown method'],
    [{ operation: 'X.Y', data: '{oops' }, 'error: --data is not valid JSON: '],
    [{ operation: 'X.Y', dataFile: 'none.json' }, 'error: --dataFile none.json: cannot read it (ENOENT)'],
    [{ operation: 'X.Y', data: { s: 'x'.repeat(64) }, maxPayloadBytes: 16 }, "exceeds the host's limit of 16 bytes"],
    [{ operation: '' }, 'error: --operation is required, e.g. --operation=HttpServer.HandleRequest'],
    [{ operation: 'X.Y', actor: 'nope/missing.wasm' }, 'error: nope/missing.wasm: no such file'],
  ])('fails in one line: %j', async (options, message) => {
    const r = await call(options as CallExecutorSchema);
    expect(r.result).toEqual({ success: false });
    expect(r.text).toContain(message);
    expect(r.text).not.toMatch(/ {4}at /);
  });

  it('names the missing signed module', async () => {
    rmSync(join(ws.root, 'hello/build'), { recursive: true, force: true });
    const r = await call({ operation: 'HttpServer.HandleRequest' });
    expect(r.result).toEqual({ success: false });
    expect(r.text).toContain('error: hello/build/hello_s.wasm does not exist: run the sign target first');
  });
});
