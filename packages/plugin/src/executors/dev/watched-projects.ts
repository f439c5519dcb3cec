import type { ExecutorContext } from '@nx/devkit';

export interface WatchedProject {
  name: string;
  /** Workspace-relative root. */
  root: string;
  /** What the project's targets write (their Nx `outputs`): never inputs, or codegen would loop. */
  outputs: RegExp[];
}

const escape = (s: string) => s.replace(/[.+^${}()|[\]\\?]/g, '\\$&');

/**
 * Matchers for one Nx output pattern of a project at `root`: the path (a file, or a directory and
 * all under it), a glob's files (`*` within one segment, dot files included) and its directory,
 * and the temporary siblings an atomic write leaves for a moment (`.name.<pid>.<time>.tmp.ext`,
 * `name.<pid>.tmp`). Patterns with interpolations other than the roots are skipped.
 */
export function outputMatchers(pattern: string, root: string): RegExp[] {
  const path = pattern
    .replace(/^\{projectRoot\}/, root === '.' ? '' : root)
    .replace(/^\{workspaceRoot\}\//, '')
    .replace(/^\//, '');
  if (path.includes('{') || path.startsWith('!') || !path) return [];
  if (path.includes('*')) {
    const glob = path
      .split('**/')
      .map((part) => part.split('*').map(escape).join('[^/]*'))
      .join('(.*/)?');
    const base = path.slice(0, path.lastIndexOf('/', path.indexOf('*')) + 1);
    return [new RegExp(`^${glob}$`), ...made(base, root)];
  }
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  return [new RegExp(`^${escape(path)}(/|$)`), new RegExp(`^${escape(dir)}\\.?${escape(name)}\\.[^/]*tmp`), ...made(dir, root)];
}

/** The directories below the project root that writing into `dir` creates (each reported once as a change). */
function made(dir: string, root: string): RegExp[] {
  const out: RegExp[] = [];
  const prefix = root === '.' || !root ? '' : `${root}/`;
  let d = dir.replace(/\/$/, '');
  while (d.length > prefix.length && d.startsWith(prefix)) {
    out.push(new RegExp(`^${escape(d)}$`));
    const i = d.lastIndexOf('/');
    if (i < 0) break;
    d = d.slice(0, i);
  }
  return out;
}

function projectOutputs(context: ExecutorContext, name: string): RegExp[] {
  const project = context.projectsConfigurations.projects[name];
  return Object.values(project.targets ?? {}).flatMap((t) => (t.outputs ?? []).flatMap((o) => outputMatchers(o, project.root)));
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
  return [...seen].map((name) => ({ name, root: projects[name].root, outputs: projectOutputs(context, name) }));
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
    if (OUTPUTS.test(file.slice(prefix.length)) || w.outputs.some((o) => o.test(file))) return undefined;
    if (!best || w.root.length > best.root.length) best = w;
  }
  return best;
}
