import type { ExecutorContext } from '@nx/devkit';
import { logger } from '@nx/devkit';
import { drain, drainPaths, type DrainSelector } from '@nx-wasmcloud/oci';
import { smithyCacheDir } from '@nx-wasmcloud/smithy';
import { dirUsage, formatBytes } from '../../utils/dir-usage';
import { toolEnv } from '../../utils/env';
import { runExecutor } from '../shared/run-executor';
import type { DrainExecutorSchema } from './schema';

const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;

/**
 * `wash drain`, saying what went: each cache emptied with its file count and size, then the total,
 * so an `nx run ws:drain` (every cache, by default) never empties caches without a word.
 */
export default async function drainExecutor(options: DrainExecutorSchema, _context: ExecutorContext) {
  return runExecutor(async () => {
    const env = toolEnv();
    const selector = (options.selector ?? 'all') as DrainSelector;
    const dirs = { smithyDir: smithyCacheDir(env) };
    const before = await Promise.all(drainPaths(selector, env, dirs).map(async (dir) => ({ dir, ...(await dirUsage(dir)) })));
    await drain(selector, env, dirs);
    const emptied = before.filter((u) => u.files > 0);
    for (const u of emptied) logger.info(`Removed ${files(u.files)} (${formatBytes(u.bytes)}) from ${u.dir}`);
    const total = emptied.reduce((t, u) => ({ files: t.files + u.files, bytes: t.bytes + u.bytes }), { files: 0, bytes: 0 });
    logger.info(
      emptied.length
        ? `Drained ${selector}: ${files(total.files)}, ${formatBytes(total.bytes)} removed`
        : `Drained ${selector}: nothing to remove (${before.map((u) => u.dir).join(', ')} already empty)`,
    );
  });
}
