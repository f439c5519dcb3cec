import type { ExecutorContext } from '@nx/devkit';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { toolEnv } from '../../utils/env';
import { runTool } from '../../utils/run-tool';
import { hostTriple, selectRustToolchain, selectTinygo } from '../../utils/toolchain';
import { workspaceBin } from '../../utils/workspace-bin';
import { projectDir } from '../shared/project';
import { runExecutor } from '../shared/run-executor';
import type { TestExecutorSchema } from './schema';

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
      return;
    }
    const tc = await selectRustToolchain({ env });
    // Explicit host target: the project's .cargo/config.toml usually defaults to wasm32.
    const host = await hostTriple(tc);
    await runTool(tc.cargo, ['test', '--target', host, ...(options.args ?? [])], { cwd, env: tc.env });
  });
}
