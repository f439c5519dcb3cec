import type { ExecutorContext } from '@nx/devkit';
import { logger } from '@nx/devkit';
import { drain } from '@nx-wasmcloud/oci';
import { toolEnv } from '../../utils/env';
import { runExecutor } from '../shared/run-executor';
import type { DrainExecutorSchema } from './schema';

export default async function drainExecutor(options: DrainExecutorSchema, _context: ExecutorContext) {
  return runExecutor(async () => {
    const removed = await drain(options.selector ?? 'all', toolEnv());
    logger.info(removed.length ? `Removed:\n${removed.join('\n')}` : 'Nothing to remove');
  });
}
