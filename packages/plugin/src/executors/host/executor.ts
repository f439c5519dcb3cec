import type { ExecutorContext } from '@nx/devkit';
import { logger } from '@nx/devkit';
import { up } from '@nx-wasmcloud/host';
import { runExecutor } from '../shared/run-executor';
import type { HostExecutorSchema } from './schema';

/** Resolves when Nx (or the user) stops the task. */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];
    const done = () => {
      for (const s of signals) process.off(s, done);
      resolve();
    };
    for (const s of signals) process.once(s, done);
  });
}

/**
 * The workspace's continuous `host` target: `nx-wasmcloud up` (with its dashboard) in the task process. Its last line
 * (UP_READY_TEXT) is what the target's readyWhen.logMatches waits for.
 */
export default async function hostExecutor(options: HostExecutorSchema, _context: ExecutorContext) {
  return runExecutor(async () => {
    const handle = await up({
      natsUrl: options.natsUrl,
      natsPort: options.natsUrl ? undefined : (options.natsPort ?? 4222),
      lattice: options.lattice,
      clusterSeed: process.env.WASMCLOUD_CLUSTER_SEED || undefined,
      clusterIssuers: options.clusterIssuers,
      log: (e) => logger.warn(`${e.actor}: ${e.text}`),
      dashboard: { port: options.dashboardPort ?? 0 },
    });
    try {
      for (const line of handle.lines) logger.info(line);
      await untilStopped();
    } finally {
      await handle.stop();
    }
  });
}
