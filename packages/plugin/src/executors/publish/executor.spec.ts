import { captureOutput, executorContext } from '../../test-support/executor-context';
import { tempTree } from '../../test-support/files';
import publishExecutor from './executor';

jest.setTimeout(60_000);

describe('publish executor', () => {
  const ws = tempTree({
    'iface/ts/package.json': JSON.stringify({ name: '@nxwc-test/iface', version: '0.1.0', files: ['index.js'] }),
    'iface/ts/index.js': 'module.exports = {};\n',
  });
  afterAll(() => ws.cleanup());

  it('runs npm publish --dry-run by default (nothing leaves the machine)', async () => {
    const out = captureOutput();
    const result = await publishExecutor({ cwd: 'ts' }, executorContext(ws.root, 'iface', 'iface', 'publish')).finally(out.restore);
    expect(result).toEqual({ success: true });
  });

  it('fails in one line when there is nothing to publish', async () => {
    const out = captureOutput();
    const result = await publishExecutor({}, executorContext(ws.root, 'iface', 'iface', 'publish')).finally(out.restore);
    expect(result).toEqual({ success: false });
    expect(out.text().trim()).toMatch(/^error: nothing to publish in .*iface: it has neither Cargo\.toml nor package\.json$/);
  });
});
