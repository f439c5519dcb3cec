import type { ExecutorContext } from '@nx/devkit';
import { logger } from '@nx/devkit';
import { PluginUserError } from '../../utils/user-error';
import { loadProject } from '../shared/project';
import { runExecutor } from '../shared/run-executor';
import { CycleRequest, CycleTargets, pushRegistry, runCycle } from './cycle';
import { ensureRuntime } from './ensure-host';
import type { DevExecutorSchema } from './schema';
import { watchChanges } from './watcher';
import { owner, watchedProjects } from './watched-projects';

/** Resolves on the first SIGINT / SIGTERM / SIGHUP (Ctrl-C, or Nx ending the continuous task). */
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
 * `dev` (continuous): the actor's edit-to-running loop. Ensures a host (ensureRuntime), runs one
 * cycle (build, sign, push, deploy), then one per batch of changes to the project or any workspace
 * project it depends on in the Nx graph; a changed interface runs its codegen first. Cycles never
 * overlap: changes during a cycle make the next one.
 */
export default async function devExecutor(options: DevExecutorSchema, context: ExecutorContext) {
  return runExecutor(async () => {
    const project = context.projectName!;
    const loaded = loadProject(context);
    if (loaded.config.type !== 'actor') throw new PluginUserError(`${loaded.root}: dev runs actors; this project is a ${loaded.config.type}`);
    const targets: CycleTargets = {
      build: options.buildTarget ?? 'build',
      sign: options.signTarget ?? 'sign',
      push: options.pushTarget ?? 'push',
      deploy: options.deployTarget ?? 'deploy',
      codegen: options.codegenTarget ?? 'codegen',
    };
    const natsUrl = options.natsUrl ?? '127.0.0.1:4222';
    const lattice = options.lattice ?? 'default';
    const registry = pushRegistry(context, project, targets, options.registry);
    const stopped = untilStopped();
    const runtime = await ensureRuntime({
      workspaceRoot: context.root,
      natsUrl,
      lattice,
      registry,
      dashboardPort: options.dashboardPort ?? 0,
      log: (l) => logger.warn(l),
    });
    const watched = watchedProjects(context, project);
    let watcher: { close(): void } | undefined;
    try {
      for (const line of runtime.lines) logger.info(line);
      const deploy = { registry: options.registry, natsUrl, lattice };
      let queued: CycleRequest | undefined = { changes: [], changedDependencies: [] };
      let running: Promise<void> | undefined;
      const drain = async () => {
        while (queued) {
          const request = queued;
          queued = undefined;
          const { line } = await runCycle(context, project, targets, request, deploy);
          logger.info(line);
        }
        running = undefined;
      };
      const enqueue = (files: string[]) => {
        const deps = new Set<string>();
        const inputs: string[] = [];
        for (const f of files) {
          const w = owner(watched, f);
          if (!w) continue;
          inputs.push(f);
          if (w.name !== project) deps.add(w.name);
        }
        if (!inputs.length) return;
        queued = { changes: [...(queued?.changes ?? []), ...inputs], changedDependencies: [...new Set([...(queued?.changedDependencies ?? []), ...deps])] };
        running ??= drain();
      };
      running = drain();
      watcher = watchChanges(
        context.root,
        watched.map((w) => w.root),
        options.debounceMs ?? 150,
        (f) => owner(watched, f) !== undefined,
        enqueue,
      );
      logger.info(`${project}: watching ${watched.map((w) => w.root).join(', ')} (Ctrl-C stops${runtime.lines.length ? ' dev and what it started' : ''})`);
      await stopped;
      watcher.close();
      await running;
    } finally {
      watcher?.close();
      await runtime.stop();
    }
  });
}
