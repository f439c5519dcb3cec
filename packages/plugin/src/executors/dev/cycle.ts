import type { ExecutorContext } from '@nx/devkit';
import { pingArtifact } from '@nx-wasmcloud/oci';
import { toolEnv } from '../../utils/env';
import { defaultReference } from '../shared/artifact';
import { isLoopbackRegistry } from '../shared/loopback';
import { loadProject } from '../shared/project';
import { cycleLine, StepTime } from './cycle-line';
import { quietly } from './quiet';
import { runTarget } from './run-target';
import type { Round } from './session';

export interface CycleTargets {
  build: string;
  sign: string;
  push: string;
  deploy: string;
  codegen: string;
}

export type DeployOverrides = { registry?: string; natsUrl?: string; lattice?: string };

/** Runs `project:target` with what it prints held back (printed only when it fails), timed. */
async function timedStep(context: ExecutorContext, steps: StepTime[], name: string, project: string, target: string, overrides: Record<string, unknown> = {}) {
  const t0 = performance.now();
  const { value, text } = await quietly(() => runTarget(context, project, target, overrides));
  if (value !== undefined) steps.push({ name, ms: performance.now() - t0 });
  if (value === false) process.stdout.write(text.endsWith('\n') || !text ? text : `${text}\n`);
  return value !== false;
}

/**
 * One round of the loop: the codegen of each changed dependency (an interface) once, then a cycle
 * for each actor that depends on a change, in order; `print` gets each actor's line as its cycle
 * ends. A failed codegen rebuilds nothing: each actor's line says so, and all keep running.
 */
export async function runRound(
  context: ExecutorContext,
  targets: CycleTargets,
  round: Round,
  deployOverrides: DeployOverrides,
  print: (line: string) => void,
): Promise<void> {
  const shared: StepTime[] = [];
  for (const dep of round.changedDependencies) {
    const name = `${dep}:${targets.codegen}`;
    if (await timedStep(context, shared, name, dep, targets.codegen)) continue;
    for (const a of round.actors) print(cycleLine(a.name, a.changes, shared, { failed: name }));
    return;
  }
  for (const a of round.actors) print((await runCycle(context, a.name, targets, a.changes, shared, deployOverrides)).line);
}

/**
 * One edit-to-running cycle of an actor: build, sign, push and deploy, each through its own target
 * (same options as `nx run`), timed after the round's `shared` steps (codegen). A failing step stops
 * the cycle: its output is printed and the actor that runs stays as it is. Returns the line.
 */
export async function runCycle(
  context: ExecutorContext,
  project: string,
  targets: CycleTargets,
  changes: string[],
  shared: StepTime[],
  deployOverrides: DeployOverrides,
): Promise<{ ok: boolean; line: string }> {
  const steps: StepTime[] = [...shared];
  for (const name of ['build', 'sign', 'push', 'deploy'] as const) {
    const overrides = name === 'push' || name === 'deploy' ? pushOverrides(name, deployOverrides) : {};
    if (!(await timedStep(context, steps, name, project, targets[name], overrides)))
      return { ok: false, line: cycleLine(project, changes, steps, { failed: name }) };
  }
  return {
    ok: true,
    line: cycleLine(project, changes, steps, {
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
