import type { ExecutorContext } from '@nx/devkit';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatTestResults, HOST_VERSION, readTestOptions, runActorTests } from '@nx-wasmcloud/host';
import { toolEnv } from '../../utils/env';
import { runTool } from '../../utils/run-tool';
import { hostTriple, selectRustToolchain, selectTinygo } from '../../utils/toolchain';
import { PluginUserError } from '../../utils/user-error';
import { workspaceBin } from '../../utils/workspace-bin';
import { publishedArtifact } from '../shared/artifact';
import { loadProject, projectDir } from '../shared/project';
import { runExecutor } from '../shared/run-executor';
import { testProviderInLattice } from './provider-test';
import type { TestExecutorSchema } from './schema';

export const DEFAULT_TEST_OPTIONS = 'test-options.json';

export default async function testExecutor(options: TestExecutorSchema, context: ExecutorContext) {
  return runExecutor(async () => {
    const { dir } = projectDir(context);
    const env = toolEnv();
    if (options.tsProject !== undefined) {
      const jest = workspaceBin(context.root, 'jest', 'jest');
      await runTool(process.execPath, [jest, '--passWithNoTests'], { cwd: join(dir, options.tsProject), env });
      if (options.cwd === undefined) return;
    }
    const cwd = join(dir, options.cwd ?? '.');
    if (!existsSync(join(cwd, 'Cargo.toml')) && existsSync(join(cwd, 'go.mod'))) {
      const tinygo = await selectTinygo({ env });
      await runTool(tinygo, ['test', ...(options.args ?? []), './...'], { cwd, env });
    } else {
      const tc = await selectRustToolchain({ env });
      // Explicit host target: the project's .cargo/config.toml usually defaults to wasm32.
      const host = await hostTriple(tc);
      await runTool(tc.cargo, ['test', '--target', host, ...(options.args ?? [])], { cwd, env: tc.env });
    }
    await testInHost(options, context, dir);
    if (options.cwd === undefined && options.hostTests !== false) await testProviderInLattice(options, context, dir);
  });
}

/** actor.mk's `make test`: Testing.Start with test-options.json, in the embedded host instead of a lattice. */
async function testInHost(options: TestExecutorSchema, context: ExecutorContext, dir: string): Promise<void> {
  const optionsFile = join(dir, options.testOptions ?? DEFAULT_TEST_OPTIONS);
  if (options.hostTests === false || options.cwd !== undefined || !existsSync(optionsFile)) return;
  const project = loadProject(context);
  if (project.config.type !== 'actor') return;
  const signed = publishedArtifact(project);
  const shown = (f: string) => relative(context.root, f);
  if (!existsSync(signed))
    throw new PluginUserError(
      `${shown(signed)} does not exist: run the sign target first (the inferred test target depends on it when ${shown(optionsFile)} exists)`,
    );
  const testOptions = readTestOptions(optionsFile);
  process.stdout.write(`Testing.Start in the embedded host (@nx-wasmcloud/host ${HOST_VERSION}): ${shown(signed)} with ${shown(optionsFile)}\n`);
  const run = await runActorTests({
    actor: signed,
    testOptions,
    links: options.links,
    linkName: options.linkName,
    cwd: dir,
    timeoutMs: options.timeoutMs,
    host: { timeoutMs: options.timeoutMs },
  });
  const linked = Object.entries(run.linked[run.actor.name] ?? {});
  if (linked.length) process.stdout.write(`Links: ${linked.map(([c, s]) => `${c} -> ${s === 'double' ? 'in-memory double' : relative(dir, s)}`).join(', ')}\n`);
  const report = formatTestResults(run.results);
  process.stdout.write(report.lines.join('\n') + '\n');
  if (!report.ok) throw new PluginUserError(`${report.total - report.passed} of ${report.total} tests failed in the host (${run.actor.name})`);
}
