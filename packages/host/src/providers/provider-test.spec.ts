import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostUserError } from '../errors';
import { formatTestResults } from '../test-run';
import { checkProviderTestCases, readProviderTestCases, runProviderTests } from './provider-test';
import { minimalProviderBinary, packPar } from './test-support/provider-fixture';

jest.setTimeout(60000);

describe('provider tests on a private lattice', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'host-provider-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('checks health, links a test actor and runs each case against the minimal provider from its PAR', async () => {
    const par = await packPar(minimalProviderBinary(), join(dir, 'fact.par.gz'));
    const run = await runProviderTests({
      par: par.file,
      log: () => undefined,
      cacheEnv: { TMPDIR: dir },
      cases: [
        { operation: 'Factorial.Calculate', input: 5, expect: 120 },
        { name: 'zero', operation: 'Factorial.Calculate', input: 0, expect: 1 },
        { name: 'wrong on purpose', operation: 'Factorial.Calculate', input: 4, expect: 25 },
        { name: 'unknown op', operation: 'Nope.Nope', input: 1, expectError: 'Nope.Nope - unknown method' },
      ],
    });
    expect(run.provider.publicKey).toBe(par.subject.publicKey);
    expect(formatTestResults(run.results).lines).toEqual([
      'Pass: health_check',
      'Pass: Factorial.Calculate #1',
      'Pass: zero',
      'Fail: wrong on purpose: expected 25, got 24',
      'Pass: unknown op',
      'Test results: 4/5 Passed',
    ]);
  });

  it('packs a bare bin_path binary into a throwaway PAR', async () => {
    const run = await runProviderTests({
      binary: minimalProviderBinary(),
      contractId: 'wasmcloud:example:fact_provider',
      log: () => undefined,
      cacheEnv: { TMPDIR: dir },
      cases: [{ operation: 'Factorial.Calculate', input: 3, expect: 6 }],
    });
    expect(run.results.map((r) => r.passed)).toEqual([true, true]);
    await expect(runProviderTests({ binary: join(dir, 'missing'), cases: [] })).rejects.toThrow(
      `${join(dir, 'missing')}: no such file (bin_path in provider_test_config.toml): build the provider first`,
    );
  });

  it('reads provider_tests.json and names the bad case in one line', async () => {
    const file = join(dir, 'provider_tests.json');
    writeFileSync(file, JSON.stringify([{ operation: 'Factorial.Calculate', input: 1, expect: 1 }]));
    expect(await readProviderTestCases(file)).toEqual([{ operation: 'Factorial.Calculate', input: 1, expect: 1 }]);
    writeFileSync(file, '[{');
    await expect(readProviderTestCases(file)).rejects.toThrow(new RegExp(`^${file}: not valid JSON \\(.*\\); fix the file$`));
    expect(() => checkProviderTestCases({}, 'f.json')).toThrow('f.json: expected a JSON array of {"operation", "input", "expect"} cases');
    expect(() => checkProviderTestCases([{ operation: 'Calc' }], 'f.json')).toThrow('f.json: case 1: "operation" must be a string like "Factorial.Calculate"');
    expect(() => checkProviderTestCases([{ operation: 'A.B', exepct: 1 }], 'f.json')).toThrow(HostUserError);
  });
});
