import type { ExecutorContext } from '@nx/devkit';
import { logger } from '@nx/devkit';
import { describeTagMove, parseAnnotations, pushArtifact, tagMoved } from '@nx-wasmcloud/oci';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { toolEnv } from '../../utils/env';
import { PluginUserError } from '../../utils/user-error';
import { defaultReference, publishedArtifact } from '../shared/artifact';
import { isLoopbackRegistry } from '../shared/loopback';
import { loadProject } from '../shared/project';
import { runExecutor } from '../shared/run-executor';
import type { PushExecutorSchema } from './schema';

export default async function pushExecutor(options: PushExecutorSchema, context: ExecutorContext) {
  return runExecutor(async () => {
    const project = loadProject(context);
    if (project.config.type === 'interface') throw new PluginUserError(`${project.root}: interfaces are published with the publish target, not pushed`);
    const file = publishedArtifact(project);
    if (!existsSync(file))
      throw new PluginUserError(`${relative(context.root, file)} does not exist: run the ${project.config.type === 'actor' ? 'sign' : 'par'} target first`);
    const registry = options.registry ?? project.config.actor?.registry;
    if (!options.reference && !registry) {
      throw new PluginUserError(
        `no registry for ${project.config.name}: pass --registry=host:port, or set [actor] registry in wasmcloud.toml or the plugin option "registry" in nx.json`,
      );
    }
    const reference = options.reference ?? defaultReference(registry!, project);
    // nx release publish --dry-run sets NX_DRY_RUN for tasks it reaches through dependsOn too.
    if (options.dryRun ?? process.env.NX_DRY_RUN === 'true') {
      logger.info(`Would push ${relative(context.root, file)} to ${reference} (dry run: nothing pushed)`);
      return;
    }
    const env = toolEnv();
    const result = await pushArtifact({
      reference,
      file,
      annotations: parseAnnotations(options.annotations),
      allowLatest: options.allowLatest,
      // `--noOverwrite`, or `--no-overwrite`, which Nx's parser turns into overwrite: false.
      noOverwrite: options.noOverwrite === true || options.overwrite === false,
      insecure: options.insecure ?? (project.config.actor?.pushInsecure || isLoopbackRegistry(reference) || undefined),
      env,
    });
    if (tagMoved(result.previousDigest, result.digest)) logger.warn(`warning: ${describeTagMove(result.url, result.previousDigest, result.digest)}`);
    logger.info(`Pushed ${relative(context.root, file)} to ${result.url} (${result.digest})`);
  });
}
