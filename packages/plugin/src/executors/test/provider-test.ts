import type { ExecutorContext } from '@nx/devkit';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { formatTestResults, HOST_VERSION, PROVIDER_TESTS_FILE, readProviderTestCases, runProviderTests } from '@nx-wasmcloud/host';
import { isTable, parseTomlFile } from '../../config/toml';
import { PluginUserError } from '../../utils/user-error';
import { publishedArtifact } from '../shared/artifact';
import { loadProject } from '../shared/project';

/** wasmcloud-test-util's configuration file (`provider_test.rs` load_config). */
export const PROVIDER_TEST_CONFIG = 'provider_test_config.toml';

export interface ProviderTestConfig {
  binPath?: string;
  contractId?: string;
  linkName?: string;
  values: Record<string, string>;
}

/** The keys of provider_test_config.toml this test uses; the rest (nats_url, rust_log, …) belong to cargo test's own harness. */
export function parseProviderTestConfig(text: string, file: string): ProviderTestConfig {
  const t = parseTomlFile(text, file);
  const str = (key: string): string | undefined => {
    const v = t[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '') throw new PluginUserError(`${file}: ${key} must be a non-empty string`);
    return v;
  };
  const values: Record<string, string> = {};
  if (t.values !== undefined) {
    if (!isTable(t.values)) throw new PluginUserError(`${file}: [values] must be a table of link values`);
    // wasmcloud-test-util copies simple values as strings (link values are strings).
    for (const [k, v] of Object.entries(t.values)) {
      if (typeof v === 'object' && v !== null && !(v instanceof Date))
        throw new PluginUserError(`${file}: values.${k} must be a string, number or boolean (link values are strings)`);
      values[k] = v instanceof Date ? v.toISOString() : String(v);
    }
  }
  return { binPath: str('bin_path'), contractId: str('contract_id'), linkName: str('link_name'), values };
}

/**
 * A provider's tests in a lattice: with a provider_test_config.toml, the built PAR (or
 * its bin_path) runs on a private nats-server and host, and health_check plus each case of
 * provider_tests.json is reported Pass/Fail. Without the config file nothing runs.
 */
export async function testProviderInLattice(options: { providerTests?: string; timeoutMs?: number }, context: ExecutorContext, dir: string): Promise<void> {
  const configFile = join(dir, PROVIDER_TEST_CONFIG);
  if (!existsSync(configFile)) return;
  const project = loadProject(context);
  if (project.config.type !== 'provider') return;
  const shown = (f: string) => relative(context.root, f);
  const config = parseProviderTestConfig(readFileSync(configFile, 'utf8'), shown(configFile));
  const casesFile = join(dir, options.providerTests ?? PROVIDER_TESTS_FILE);
  const cases = existsSync(casesFile) ? await readProviderTestCases(casesFile) : [];
  const par = publishedArtifact(project);
  const binary = config.binPath !== undefined ? resolve(dir, config.binPath) : undefined;
  const source = existsSync(par) ? { par } : binary !== undefined && existsSync(binary) ? { binary } : undefined;
  if (!source) {
    throw new PluginUserError(
      `${shown(par)} does not exist${binary ? ` (nor bin_path ${shown(binary)})` : ''}: run the par target first, then the test target`,
    );
  }
  process.stdout.write(
    `Provider tests in a private lattice (@nx-wasmcloud/host ${HOST_VERSION}): ${shown(source.par ?? source.binary!)} with ${existsSync(casesFile) ? shown(casesFile) : 'health_check only'}\n`,
  );
  const run = await runProviderTests({
    ...source,
    contractId: config.contractId,
    linkName: config.linkName,
    values: config.values,
    cases,
    timeoutMs: options.timeoutMs,
  });
  const report = formatTestResults(run.results);
  process.stdout.write(report.lines.join('\n') + '\n');
  if (!report.ok) throw new PluginUserError(`${report.total - report.passed} of ${report.total} provider tests failed (${run.provider.name})`);
}
