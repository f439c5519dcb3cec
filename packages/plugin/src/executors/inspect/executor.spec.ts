import { join } from 'node:path';
import { captureOutput, executorContext } from '../../test-support/executor-context';
import { HELLO_TOML, tempTree } from '../../test-support/files';
import { writeActorWasm } from '../../test-support/wasm';
import signExecutor from '../sign/executor';
import inspectExecutor from './executor';

describe('inspect executor', () => {
  const ws = tempTree({ 'hello/wasmcloud.toml': HELLO_TOML });
  const saved = { ...process.env };
  const ctx = (t: string) => executorContext(ws.root, 'hello', 'hello', t);
  beforeAll(async () => {
    process.env.WASH_KEYS = join(ws.root, 'keys');
    writeActorWasm(join(ws.root, 'hello/build/hello.wasm'));
    const out = captureOutput();
    await signExecutor({}, ctx('sign')).finally(out.restore);
  });
  afterAll(() => {
    process.env = saved;
    ws.cleanup();
  });

  it('prints the embedded claims as JSON', async () => {
    const out = captureOutput();
    expect(await inspectExecutor({ json: true }, ctx('inspect')).finally(out.restore)).toEqual({ success: true });
    // The report `nx-wasmcloud claims inspect -o json` prints (wash's keys and shapes).
    const report = JSON.parse(out.text());
    expect(report).toMatchObject({ name: 'hello', capabilities: ['HTTP Server', 'example:interfaces:factorial'], version: '0.1.0' });
  });

  it('prints text with the capabilities', async () => {
    const out = captureOutput();
    await inspectExecutor({}, ctx('inspect')).finally(out.restore);
    expect(out.text()).toContain('hello/build/hello_s.wasm');
    expect(out.text()).toContain('Capabilities\n  HTTP Server\n  example:interfaces:factorial\n');
  });
});
