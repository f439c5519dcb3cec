import type { ExecutorContext } from '@nx/devkit';
import { pingArtifact } from '@nx-wasmcloud/oci';
import { toolEnv } from '../../utils/env';
import { defaultReference } from '../shared/artifact';
import { isLoopbackRegistry } from '../shared/loopback';
import { loadProject } from '../shared/project';
import { cycleLine, StepTime } from './cycle-line';
import { quietly } from './quiet';
import { runTarget } from './run-target';

export interface CycleTargets {
  build: string;
  sign: string;
  push: string;
  deploy: string;
  codegen: string;
}

export interface CycleRequest {
  /** Workspace-relative files that changed (empty for the first cycle). */
  changes: string[];
  /** Dependencies (interfaces) with a changed file: each runs its codegen target first. */
  changedDependencies: string[];
}

/**
 * One edit-to-running cycle: codegen of changed dependencies, then build, sign, push and deploy of
 * the project, each through its own target (same options as `nx run`), timed. A failing step stops
 * the cycle: its output is printed and the actor that runs stays as it is. Returns the line printed.
 */
export async function runCycle(
  context: ExecutorContext,
  project: string,
  targets: CycleTargets,
  request: CycleRequest,
  deployOverrides: { registry?: string; natsUrl?: string; lattice?: string },
): Promise<{ ok: boolean; line: string }> {
  const steps: StepTime[] = [];
  const step = async (name: string, p: string, target: string, overrides: Record<string, unknown> = {}) => {
    const t0 = performance.now();
    const { value, text } = await quietly(() => runTarget(context, p, target, overrides));
    if (value !== undefined) steps.push({ name, ms: performance.now() - t0 });
    if (value === false) process.stdout.write(text.endsWith('\n') || !text ? text : `${text}\n`);
    return value !== false;
  };
  const fail = (name: string) => ({ ok: false, line: cycleLine(project, request.changes, steps, { failed: name }) });
  for (const dep of request.changedDependencies) if (!(await step(`${dep}:${targets.codegen}`, dep, targets.codegen))) return fail(`${dep}:${targets.codegen}`);
  for (const name of ['build', 'sign', 'push', 'deploy'] as const) {
    const overrides = name === 'push' || name === 'deploy' ? pushOverrides(name, deployOverrides) : {};
    if (!(await step(name, project, targets[name], overrides))) return fail(name);
  }
  return {
    ok: true,
    line: cycleLine(project, request.changes, steps, {
      digest: await pushedDigest(context, project, pushRegistry(context, project, targets, deployOverrides.registry)),
    }),
  };
}

function pushOverrides(step: 'push' | 'deploy', o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && (step === 'deploy' || k === 'registry')));
}

/** The registry the cycle pushes to: dev's option, else the push target's, else wasmcloud.toml's. */
export function pushRegistry(context: ExecutorContext, project: string, targets: CycleTargets, override: string | undefined): string | undefined {
  const configured = context.projectsConfigurations.projects[project]?.targets?.[targets.push]?.options?.registry as string | undefined;
  return override ?? configured ?? loadProject({ ...context, projectName: project }).config.actor?.registry;
}

/** The manifest digest the registry now serves for the project's reference: what the host pulled. */
async function pushedDigest(context: ExecutorContext, project: string, registry: string | undefined): Promise<string> {
  const loaded = loadProject({ ...context, projectName: project });
  if (!registry) return 'pushed';
  const reference = defaultReference(registry, loaded);
  const { digest } = await pingArtifact({ reference, insecure: isLoopbackRegistry(reference) || undefined, env: toolEnv() });
  return digest;
}
