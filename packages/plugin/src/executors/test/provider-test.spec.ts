import { createTree } from '@nx/devkit/testing';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { providerGenerator } from '../../generators/provider/generator';
import { captureOutput, executorContext, materialize, requireTool } from '../../test-support/executor-context';
import { tempTree } from '../../test-support/files';
import buildExecutor from '../build/executor';
import parExecutor from '../par/executor';
import testExecutor from './executor';
import { parseProviderTestConfig } from './provider-test';

requireTool('/usr/bin/cargo', 'Debian cargo');
requireTool('/usr/sbin/nats-server', 'Debian nats-server');
jest.setTimeout(240_000);

describe('provider_test_config.toml', () => {
  it('reads bin_path, contract_id, link_name and [values] (as strings, as wasmcloud-test-util copies them)', () => {
    const c = parseProviderTestConfig(
      'bin_path = "target/debug/p"\ncontract_id = "a:b"\nrust_log = "debug"\n[values]\nurl = "x"\nport = 8080\non = true\n',
      'p/provider_test_config.toml',
    );
    expect(c).toEqual({ binPath: 'target/debug/p', contractId: 'a:b', linkName: undefined, values: { url: 'x', port: '8080', on: 'true' } });
    expect(() => parseProviderTestConfig('bin_path = 3\n', 'p/c.toml')).toThrow('p/c.toml: bin_path must be a non-empty string');
    expect(() => parseProviderTestConfig('[values]\na = [1]\n', 'p/c.toml')).toThrow(
      'p/c.toml: values.a must be a string, number or boolean (link values are strings)',
    );
    expect(() => parseProviderTestConfig('bin_path = ', 'p/c.toml')).toThrow(/^p\/c\.toml: not valid TOML/);
  });
});

describe('test executor for a provider with provider_test_config.toml', () => {
  const ws = tempTree({});
  const saved = { ...process.env };
  const ctx = (target: string) => executorContext(ws.root, 'fact', 'fact', target);
  afterAll(() => {
    process.env = saved;
    ws.cleanup();
  });
  beforeAll(async () => {
    process.env.WASH_KEYS = join(ws.root, 'keys');
    process.env.XDG_CACHE_HOME = join(ws.root, 'xdg');
    process.env.TMPDIR = join(ws.root);
    delete process.env.WASH_ISSUER_KEY;
    delete process.env.WASH_SUBJECT_KEY;
    const tree = createTree();
    await providerGenerator(tree, { name: 'fact', template: 'minimal', directory: 'fact', skipFormat: true });
    materialize(tree, ws.root);
  });
  const run = async (executor: typeof testExecutor, target: string) => {
    const out = captureOutput();
    const result = await executor({}, ctx(target)).finally(out.restore);
    return { result, text: out.text() };
  };

  it('after cargo test, runs the built PAR in a private lattice: health_check and each provider_tests.json case, Pass/Fail', async () => {
    const missing = await run(testExecutor, 'test');
    expect(missing.result).toEqual({ success: false });
    expect(missing.text).toContain(
      'fact/build/fact.par.gz does not exist (nor bin_path fact/target/debug/fact): run the par target first, then the test target',
    );

    expect((await run(buildExecutor, 'build')).result).toEqual({ success: true });
    expect((await run(parExecutor, 'par')).result).toEqual({ success: true });
    const { result, text } = await run(testExecutor, 'test');
    expect(result).toEqual({ success: true });
    expect(text).toMatch(/Provider tests in a private lattice \(@nx-wasmcloud\/host \S+\): fact\/build\/fact\.par\.gz with fact\/provider_tests\.json/);
    for (const line of [
      'Pass: health_check',
      'Pass: factorial of 0',
      'Pass: factorial of 5',
      'Pass: factorial of 12',
      'Pass: an unknown operation is refused',
      'Test results: 5/5 Passed',
    ])
      expect(text).toContain(line);

    const cases = join(ws.root, 'fact/provider_tests.json');
    const pristine = readFileSync(cases, 'utf8');
    writeFileSync(cases, JSON.stringify([{ name: 'wrong', operation: 'Factorial.Calculate', input: 3, expect: 7 }]));
    try {
      const failed = await run(testExecutor, 'test');
      expect(failed.result).toEqual({ success: false });
      expect(failed.text).toContain('Fail: wrong: expected 7, got 6');
      expect(failed.text).toContain('1 of 2 provider tests failed (fact)');
    } finally {
      writeFileSync(cases, pristine);
    }
    // Without the config file, only cargo test runs.
    renameSync(join(ws.root, 'fact/provider_test_config.toml'), join(ws.root, 'fact/off.toml'));
    const plain = await run(testExecutor, 'test');
    expect(plain.result).toEqual({ success: true });
    expect(plain.text).not.toContain('Provider tests in a private lattice');
  });
});
