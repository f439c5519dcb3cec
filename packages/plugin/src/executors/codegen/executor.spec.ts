import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureOutput, executorContext } from '../../test-support/executor-context';
import { CODEGEN_TOML, FACTORIAL_SMITHY, tempTree } from '../../test-support/files';
import codegenExecutor from './executor';

describe('codegen executor', () => {
  const ws = tempTree({ 'factorial/codegen.toml': CODEGEN_TOML, 'factorial/factorial.smithy': FACTORIAL_SMITHY });
  afterAll(() => ws.cleanup());
  const ctx = executorContext(ws.root, 'factorial', 'factorial', 'codegen');

  it('generates what codegen.toml lists (offline: core models come bundled), then reports them unchanged', async () => {
    let out = captureOutput();
    expect(await codegenExecutor({ config: 'codegen.toml' }, ctx).finally(out.restore)).toEqual({ success: true });
    expect(out.text()).toContain('generated factorial/rust/src/factorial.rs');
    const rust = readFileSync(join(ws.root, 'factorial/rust/src/factorial.rs'), 'utf8');
    expect(rust).toContain('"Factorial.Calculate"');
    expect(existsSync(join(ws.root, 'factorial/html/org_example_fact.html'))).toBe(true);
    out = captureOutput();
    await codegenExecutor({}, ctx).finally(out.restore);
    expect(out.text()).toMatch(/0 file\(s\) written, \d+ unchanged/);
  });

  it('fails in one line for a model error', async () => {
    ws.write({ 'broken/codegen.toml': CODEGEN_TOML, 'broken/factorial.smithy': FACTORIAL_SMITHY.replace('input: U32', 'input: Nope') });
    const out = captureOutput();
    const result = await codegenExecutor({}, executorContext(ws.root, 'broken', 'broken', 'codegen')).finally(out.restore);
    expect(result).toEqual({ success: false });
    expect(out.text().trim().split('\n')).toHaveLength(1);
    expect(out.text()).toMatch(/^error: .*Nope/);
  });

  it('warns that [html] templates is not applied, naming the file and the directory', async () => {
    ws.write({
      'docs/codegen.toml': CODEGEN_TOML.replace('[html]\noutput_dir = "html"', '[html]\ntemplates = "build/templates"\noutput_dir = "html"'),
      'docs/factorial.smithy': FACTORIAL_SMITHY,
    });
    const out = captureOutput();
    expect(await codegenExecutor({}, executorContext(ws.root, 'docs', 'docs', 'codegen')).finally(out.restore)).toEqual({ success: true });
    expect(out.text()).toMatch(/warning: \[html\] templates = "build\/templates" in \S*docs\/codegen\.toml is not supported; the built-in templates were used/);
  });
});
