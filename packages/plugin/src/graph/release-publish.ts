import type { TargetConfiguration } from '@nx/devkit';

const PLUGIN = '@nx-wasmcloud/plugin';

/** The target `nx release publish` runs on every released project; Nx fixes its name. */
export const RELEASE_PUBLISH_TARGET = 'nx-release-publish';

/**
 * Adds `nx-release-publish`, so `nx release` versions, tags and then publishes through the plugin:
 * a copy of an actor's or provider's `push` (the OCI push of the newly versioned artifact, its
 * sign/par run first) or of an interface's `publish` (really publishing: a release means it; Nx
 * passes `--dryRun` on a dry run). Nothing when that target is disabled or the project has its own.
 */
export function withReleasePublish(targets: Record<string, TargetConfiguration> | undefined): Record<string, TargetConfiguration> | undefined {
  if (!targets || targets[RELEASE_PUBLISH_TARGET]) return targets;
  const entries = Object.values(targets);
  const push = entries.find((t) => t.executor === `${PLUGIN}:push`);
  const publish = entries.find((t) => t.executor === `${PLUGIN}:publish`);
  const source = push ?? publish;
  if (!source) return targets;
  const what = push ? 'pushes the released version to its OCI registry' : 'publishes the generated packages';
  return {
    ...targets,
    [RELEASE_PUBLISH_TARGET]: {
      ...source,
      ...(publish && !push ? { options: { ...source.options, dryRun: false } } : {}),
      metadata: { ...source.metadata, description: `nx release publish: ${what} (as the ${push ? 'push' : 'publish'} target)` },
    },
  };
}
