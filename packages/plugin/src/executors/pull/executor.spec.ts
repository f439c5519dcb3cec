import { captureOutput, executorContext } from '../../test-support/executor-context';
import { HELLO_TOML, tempTree } from '../../test-support/files';
import pullExecutor from './executor';

// The round trip through a real registry is in ../push/executor.spec.ts.
describe('pull executor', () => {
  const ws = tempTree({ 'hello/wasmcloud.toml': HELLO_TOML });
  afterAll(() => ws.cleanup());

  it('needs a reference or a registry, and says so in one line', async () => {
    const out = captureOutput();
    const result = await pullExecutor({}, executorContext(ws.root, 'hello', 'hello', 'pull')).finally(out.restore);
    expect(result).toEqual({ success: false });
    expect(out.text().trim()).toBe('error: pull needs --reference=host/repo:tag or --registry=host:port');
  });
});
