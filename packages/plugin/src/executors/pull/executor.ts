import type { ExecutorContext } from '@nx/devkit';
import { logger } from '@nx/devkit';
import { pullArtifact } from '@nx-wasmcloud/oci';
import { join, relative } from 'node:path';
import { toolEnv } from '../../utils/env';
import { PluginUserError } from '../../utils/user-error';
import { defaultReference } from '../shared/artifact';
import { isLoopbackRegistry } from '../shared/loopback';
import { loadProject } from '../shared/project';
import { runExecutor } from '../shared/run-executor';
import type { PullExecutorSchema } from './schema';

export default async function pullExecutor(options: PullExecutorSchema, context: ExecutorContext) {
  return runExecutor(async () => {
    let reference = options.reference;
    if (!reference) {
      const project = loadProject(context);
      const registry = options.registry ?? project.config.actor?.registry;
      if (!registry) throw new PluginUserError('pull needs --reference=host/repo:tag or --registry=host:port');
      reference = defaultReference(registry, project);
    }
    const result = await pullArtifact({
      reference,
      destination: options.destination ? join(context.root, options.destination) : undefined,
      digest: options.digest,
      insecure: options.insecure ?? (isLoopbackRegistry(reference) || undefined),
      allowLatest: options.allowLatest,
      env: toolEnv(),
    });
    logger.info(`Pulled ${reference} (${result.digest}) to ${relative(context.root, result.file) || result.file}`);
  });
}
