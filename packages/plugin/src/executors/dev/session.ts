import type { ExecutorContext } from '@nx/devkit';
import { PluginUserError } from '../../utils/user-error';
import { owner, WatchedProject, watchedProjects } from './watched-projects';

/** The tag createNodes gives every actor project: Nx's own record of what is an actor. */
const ACTOR_TAG = 'wasmcloud:actor';

export interface DevSession {
  /** The actors one dev keeps running, in the order a round rebuilds them. */
  actors: string[];
  /** Every project whose files matter: the actors and what they depend on in the Nx graph. */
  watched: WatchedProject[];
  /** For each watched project, the session's actors that depend on it (an actor: itself first). */
  dependents: Record<string, string[]>;
}

/** What one batch of changes makes the loop do. */
export interface Round {
  /** Each actor to rebuild, in session order, with the changed files that make it rebuild. */
  actors: { name: string; changes: string[] }[];
  /** Changed projects that are not session actors (interfaces): each runs its codegen once, first. */
  changedDependencies: string[];
}

export function isActor(context: ExecutorContext, name: string): boolean {
  return context.projectsConfigurations.projects[name]?.tags?.includes(ACTOR_TAG) ?? false;
}

/** The workspace actors that depend on `project`, directly or through other projects, in the Nx graph. */
export function dependentActors(context: ExecutorContext, project: string): string[] {
  return Object.keys(context.projectsConfigurations.projects)
    .filter((p) => p !== project && isActor(context, p))
    .filter((p) => watchedProjects(context, p).some((w) => w.name === project))
    .sort();
}

/**
 * The actors of the session: `project` itself when it is an actor, else (an interface) every actor
 * that depends on it; then each name of `extra` (dev's `projects` option) the same way. A name
 * that is no project, or an interface no actor depends on, is a user error naming the option.
 */
export function sessionActors(context: ExecutorContext, project: string, extra: string[], projectIsActor = isActor(context, project)): string[] {
  const projects = context.projectsConfigurations.projects;
  const actors: string[] = [];
  const add = (name: string, where: string) => {
    if (!projects[name]) throw new PluginUserError(`${where}: no project named "${name}" in this workspace (see nx show projects)`);
    const found = (name === project ? projectIsActor : isActor(context, name)) ? [name] : dependentActors(context, name);
    if (!found.length)
      throw new PluginUserError(`${where}: "${name}" is not an actor and no actor depends on it in the Nx graph; give an actor or an interface an actor uses`);
    for (const a of found) if (!actors.includes(a)) actors.push(a);
  };
  add(project, `${projects[project]?.root ?? project}: dev`);
  for (const name of extra) add(name, 'dev option projects');
  return actors;
}

/** The projects the session watches, and for each the actors a change in it rebuilds. */
export function devSession(context: ExecutorContext, actors: string[]): DevSession {
  const watched: WatchedProject[] = [];
  const dependents: Record<string, string[]> = {};
  for (const actor of actors) {
    for (const w of watchedProjects(context, actor)) {
      if (!dependents[w.name]) {
        dependents[w.name] = [];
        watched.push(w);
      }
      dependents[w.name].push(actor);
    }
  }
  // An actor that is also another's dependency (a path crate) rebuilds itself first.
  for (const actor of actors) dependents[actor] = [actor, ...dependents[actor].filter((a) => a !== actor)];
  return { actors, watched, dependents };
}

/**
 * The round a batch of changed files (workspace-relative) asks for: every session actor that
 * depends on a changed project rebuilds, and a changed project that is not a session actor runs
 * its codegen first. Undefined when no file is an input of the session (build outputs, others).
 */
export function planRound(session: DevSession, files: string[]): Round | undefined {
  const changes = new Map<string, string[]>();
  const deps = new Set<string>();
  for (const f of files) {
    const w = owner(session.watched, f);
    if (!w) continue;
    if (!session.actors.includes(w.name)) deps.add(w.name);
    for (const a of session.dependents[w.name] ?? []) changes.set(a, [...(changes.get(a) ?? []), f]);
  }
  if (!changes.size) return undefined;
  return { actors: session.actors.filter((a) => changes.has(a)).map((name) => ({ name, changes: changes.get(name)! })), changedDependencies: [...deps] };
}

/** The first round: every actor, nothing changed. */
export function startRound(session: DevSession): Round {
  return { actors: session.actors.map((name) => ({ name, changes: [] })), changedDependencies: [] };
}

/** Two rounds as one (changes during a round make the next one): the union, in session order. */
export function mergeRounds(session: DevSession, a: Round | undefined, b: Round): Round {
  if (!a) return b;
  const changes = new Map<string, string[]>();
  for (const r of [...a.actors, ...b.actors]) changes.set(r.name, [...(changes.get(r.name) ?? []), ...r.changes]);
  return {
    actors: session.actors.filter((n) => changes.has(n)).map((name) => ({ name, changes: [...new Set(changes.get(name))] })),
    changedDependencies: [...new Set([...a.changedDependencies, ...b.changedDependencies])],
  };
}
