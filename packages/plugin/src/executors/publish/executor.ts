import type { ExecutorContext } from '@nx/devkit';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { toolEnv } from '../../utils/env';
import { runTool } from '../../utils/run-tool';
import { selectRustToolchain } from '../../utils/toolchain';
import { PluginUserError } from '../../utils/user-error';
import { projectDir } from '../shared/project';
import { runExecutor } from '../shared/run-executor';
import type { PublishExecutorSchema } from './schema';

export default async function publishExecutor(options: PublishExecutorSchema, context: ExecutorContext) {
  return runExecutor(async () => {
    const { dir } = projectDir(context);
    const dryRun = options.dryRun ?? true;
    const env = toolEnv();
    const dirs =
      options.cwd === undefined && options.tsProject === undefined ? ['.'] : [options.cwd, options.tsProject].filter((d): d is string => d !== undefined);
    for (const d of dirs) {
      const cwd = join(dir, d);
      if (existsSync(join(cwd, 'Cargo.toml'))) {
        const tc = await selectRustToolchain({ env });
        await runTool(tc.cargo, ['publish', ...(dryRun ? ['--dry-run'] : [])], { cwd, env: tc.env });
      } else if (existsSync(join(cwd, 'package.json'))) {
        // Run from the workspace root with the folder as argument: a generated package (an
        // interface's ts/) has its own package.json, which would make it npm's project root and
        // hide the workspace's .npmrc (registry and auth), so npm would publish to its default.
        await runTool('npm', ['publish', cwd, ...(dryRun ? ['--dry-run'] : [])], { cwd: context.root, env });
      } else {
        throw new PluginUserError(`nothing to publish in ${cwd}: it has neither Cargo.toml nor package.json`);
      }
    }
  });
}
