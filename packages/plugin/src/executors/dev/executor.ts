import type { ExecutorContext } from '@nx/devkit';
import { logger } from '@nx/devkit';
import { PluginUserError } from '../../utils/user-error';
import { loadProject } from '../shared/project';
import { runExecutor } from '../shared/run-executor';
import { CycleTargets, pushRegistry, runRound } from './cycle';
import { ensureRuntime } from './ensure-host';
import type { DevExecutorSchema } from './schema';
import { watchChanges } from './watcher';
import { devSession, isActor, mergeRounds, planRound, Round, sessionActors, startRound } from './session';
import { owner } from './watched-projects';

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

/** The `projects` option as Nx passes it: an array from project.json, a comma list from the CLI. */
function projectList(value: string[] | string | undefined): string[] {
  const list = Array.isArray(value) ? value : (value ?? '').split(',');
  return list.map((p) => p.trim()).filter(Boolean);
}

/**
 * `dev` (continuous): the edit-to-running loop of the session's actors (the project when it is an
 * actor, else the actors that depend on it, plus `projects`). Ensures a host (ensureRuntime), runs
 * one round (build, sign, push, deploy of each actor), then one per batch of changes to an actor or
 * any workspace project one depends on in the Nx graph: a changed interface runs its codegen once,
 * then every session actor that depends on it rebuilds. Rounds never overlap: changes during a
 * round make the next one.
 */
export default async function devExecutor(options: DevExecutorSchema, context: ExecutorContext) {
  return runExecutor(async () => {
    const project = context.projectName!;
    // A project without the plugin's tags (configured by hand): its wasmcloud.toml says what it is.
    const untagged = !context.projectsConfigurations.projects[project]?.tags?.length;
    if (untagged) {
      const loaded = loadProject(context);
      if (loaded.config.type !== 'actor') throw new PluginUserError(`${loaded.root}: dev runs actors; this project is a ${loaded.config.type}`);
    }
    const actors = sessionActors(context, project, projectList(options.projects), untagged || isActor(context, project));
    const targets: CycleTargets = {
      build: options.buildTarget ?? 'build',
      sign: options.signTarget ?? 'sign',
      push: options.pushTarget ?? 'push',
      deploy: options.deployTarget ?? 'deploy',
      codegen: options.codegenTarget ?? 'codegen',
    };
    const natsUrl = options.natsUrl ?? '127.0.0.1:4222';
    const lattice = options.lattice ?? 'default';
    const registries = [...new Set(actors.map((a) => pushRegistry(context, a, targets, options.registry)).filter((r): r is string => !!r))];
    const stopped = untilStopped();
    const runtime = await ensureRuntime({
      workspaceRoot: context.root,
      natsUrl,
      lattice,
      registries,
      dashboardPort: options.dashboardPort ?? 0,
      log: (l) => logger.warn(l),
    });
    const session = devSession(context, actors);
    let watcher: { close(): void } | undefined;
    try {
      for (const line of runtime.lines) logger.info(line);
      const deploy = { registry: options.registry, natsUrl, lattice };
      const roots = session.watched.map((w) => w.root);
      const who = actors.length === 1 ? project : `${project} (actors ${actors.join(', ')})`;
      const watching = `${who}: watching ${roots.join(', ')} (Ctrl-C stops${runtime.lines.length ? ' dev and what it started' : ''})`;
      let queued: Round | undefined = startRound(session);
      let running: Promise<void> | undefined;
      let announced = false;
      const drain = async () => {
        while (queued) {
          const round = queued;
          queued = undefined;
          await runRound(context, targets, round, deploy, (line) => logger.info(line));
          // After the first round, not before: a step holds back what is printed while it runs.
          if (!announced) logger.info(watching);
          announced = true;
        }
        running = undefined;
      };
      const enqueue = (files: string[]) => {
        const round = planRound(session, files);
        if (!round) return;
        queued = mergeRounds(session, queued, round);
        running ??= drain();
      };
      watcher = watchChanges(context.root, roots, options.debounceMs ?? 150, (f) => owner(session.watched, f) !== undefined, enqueue);
      running = drain();
      await stopped;
      watcher.close();
      await running;
    } finally {
      watcher?.close();
      await runtime.stop();
    }
  });
}
