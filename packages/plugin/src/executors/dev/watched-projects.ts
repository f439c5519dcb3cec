import type { ExecutorContext } from '@nx/devkit';

export interface WatchedProject {
  name: string;
  /** Workspace-relative root. */
  root: string;
}

/**
 * The project and every workspace project it depends on, transitively, from Nx's project graph
 * (Cargo path dependencies, codegen models, contract ids: what createDependencies drew). The dev
 * loop watches these, so it rebuilds exactly when `nx affected` would.
 */
export function watchedProjects(context: ExecutorContext, project: string): WatchedProject[] {
  const graph = context.projectGraph;
  const projects = context.projectsConfigurations.projects;
  const seen = new Set<string>([project]);
  const queue = [project];
  while (queue.length) {
    const p = queue.shift()!;
    for (const dep of graph?.dependencies?.[p] ?? []) {
      if (!projects[dep.target] || seen.has(dep.target)) continue;
      seen.add(dep.target);
      queue.push(dep.target);
    }
  }
  return [...seen].map((name) => ({ name, root: projects[name].root }));
}

/**
 * Paths under a project that its builds write, never inputs: watching them would loop. Cargo makes
 * a new target dir as `target<random>` and renames it.
 */
const OUTPUTS = /^(build|target(\w{6})?|node_modules|\.git|\.nx)(\/|$)/;

/**
 * The project a changed file (workspace-relative) belongs to: the deepest watched root that holds
 * it, or undefined for an output directory or a file of none.
 */
export function owner(watched: WatchedProject[], file: string): WatchedProject | undefined {
  let best: WatchedProject | undefined;
  for (const w of watched) {
    const prefix = w.root === '.' || w.root === '' ? '' : `${w.root}/`;
    if (!file.startsWith(prefix)) continue;
    if (OUTPUTS.test(file.slice(prefix.length))) return undefined;
    if (!best || w.root.length > best.root.length) best = w;
  }
  return best;
}
