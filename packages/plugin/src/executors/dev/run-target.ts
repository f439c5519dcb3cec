import type { ExecutorContext } from '@nx/devkit';
import { runExecutor as nxRunExecutor } from '@nx/devkit';
import buildExecutor from '../build/executor';
import codegenExecutor from '../codegen/executor';
import deployExecutor from '../deploy/executor';
import pushExecutor from '../push/executor';
import signExecutor from '../sign/executor';

type Executor = (options: never, context: ExecutorContext) => Promise<{ success: boolean }>;

/** This plugin's executors, called in-process: no second Nx task runner inside a continuous task. */
const OWN: Record<string, Executor> = {
  '@nx-wasmcloud/plugin:build': buildExecutor as Executor,
  '@nx-wasmcloud/plugin:sign': signExecutor as Executor,
  '@nx-wasmcloud/plugin:push': pushExecutor as Executor,
  '@nx-wasmcloud/plugin:deploy': deployExecutor as Executor,
  '@nx-wasmcloud/plugin:codegen': codegenExecutor as Executor,
};

/**
 * Runs `project:target` as `nx run` would, with the target's own (inferred or configured) options:
 * our executors directly, any other (a user's override) through Nx's runExecutor. False when the
 * target is absent, so a dependency without e.g. codegen is skipped.
 */
export async function runTarget(
  context: ExecutorContext,
  project: string,
  target: string,
  overrides: Record<string, unknown> = {},
): Promise<boolean | undefined> {
  const config = context.projectsConfigurations.projects[project]?.targets?.[target];
  if (!config) return undefined;
  const options = { ...(config.options ?? {}), ...overrides };
  const own = config.executor ? OWN[config.executor] : undefined;
  const ctx: ExecutorContext = { ...context, projectName: project, targetName: target, target: config };
  if (own) return (await own(options as never, ctx)).success;
  for await (const r of await nxRunExecutor<{ success: boolean }>({ project, target }, overrides, ctx)) if (!r.success) return false;
  return true;
}
