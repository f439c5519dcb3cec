import { captureOutput, executorContext } from '../../test-support/executor-context';
import { CODEGEN_TOML, FACTORIAL_SMITHY, tempTree } from '../../test-support/files';
import validateExecutor from './executor';

describe('validate executor', () => {
  const ws = tempTree({
    'ok/codegen.toml': CODEGEN_TOML,
    'ok/factorial.smithy': FACTORIAL_SMITHY,
    'bad/codegen.toml': CODEGEN_TOML,
    'bad/factorial.smithy': FACTORIAL_SMITHY.replace('output: U64', 'output: Missing'),
  });
  afterAll(() => ws.cleanup());

  it('accepts a valid model', async () => {
    const out = captureOutput();
    expect(await validateExecutor({}, executorContext(ws.root, 'ok', 'ok', 'validate')).finally(out.restore)).toEqual({ success: true });
    expect(out.text()).toContain('ok/codegen.toml: models are valid');
  });

  it('fails and names the problem for an unresolved reference', async () => {
    const out = captureOutput();
    expect(await validateExecutor({}, executorContext(ws.root, 'bad', 'bad', 'validate')).finally(out.restore)).toEqual({ success: false });
    expect(out.text()).toMatch(/Missing/);
  });
});
