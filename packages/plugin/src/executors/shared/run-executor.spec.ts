import { captureOutput } from '../../test-support/executor-context';
import { PluginUserError } from '../../utils/user-error';
import { runExecutor } from './run-executor';

describe('runExecutor', () => {
  it('reports success', async () => {
    expect(await runExecutor(async () => undefined)).toEqual({ success: true });
  });

  it('prints a user error as one line, without a stack', async () => {
    const out = captureOutput();
    const result = await runExecutor(async () => {
      throw new PluginUserError('x/wasmcloud.toml: bad');
    }).finally(out.restore);
    expect(result).toEqual({ success: false });
    expect(out.text().trim()).toBe('error: x/wasmcloud.toml: bad');
  });

  it('keeps the stack of a bug', async () => {
    const out = captureOutput();
    await runExecutor(async () => {
      throw new TypeError('boom');
    }).finally(out.restore);
    expect(out.text()).toMatch(/TypeError: boom\n\s+at /);
  });
});
