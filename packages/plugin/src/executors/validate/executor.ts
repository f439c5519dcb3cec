import type { ExecutorContext } from '@nx/devkit';
import { logger } from '@nx/devkit';
import { validate } from '@nx-wasmcloud/smithy';
import { join, relative } from 'node:path';
import { toolEnv } from '../../utils/env';
import { PluginUserError } from '../../utils/user-error';
import { projectDir } from '../shared/project';
import { runExecutor } from '../shared/run-executor';
import type { ValidateExecutorSchema } from './schema';

/** `wash validate`: the models of codegen.toml, parsed and checked by @nx-wasmcloud/smithy. */
export default async function validateExecutor(options: ValidateExecutorSchema, context: ExecutorContext) {
  return runExecutor(async () => {
    const { dir } = projectDir(context);
    const config = join(dir, options.config ?? 'codegen.toml');
    const result = await validate(config, toolEnv());
    for (const p of result.problems) logger.info(`${p.severity}: ${p.shape ? `${p.shape}: ` : ''}${p.message}`);
    if (!result.ok) {
      const errors = result.problems.filter((p) => p.severity === 'error').length;
      throw new PluginUserError(`${relative(context.root, config)}: ${errors} model error(s); fix them and run validate again`);
    }
    logger.info(`${relative(context.root, config)}: models are valid`);
  });
}
