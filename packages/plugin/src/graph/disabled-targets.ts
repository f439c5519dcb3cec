import type { TargetConfiguration } from '@nx/devkit';
import { DISABLED_TARGET_PREFIX } from './options';

type DependsOn = NonNullable<TargetConfiguration['dependsOn']>[number];

/** The target a dependsOn entry names (`build`, `^build`, `{ target: 'build' }`). */
function dependencyName(d: DependsOn): string | undefined {
  if (typeof d === 'string') return d.replace(/^\^/, '');
  return d.target;
}

/**
 * Removes the targets disabled by the `targetNames` option and every dependsOn naming one, so `sign`
 * with `build: false` signs what build/ holds (made some other way) instead of failing on a missing
 * target. What the dropped target would have produced becomes a file input of its dependents in
 * its place: their `dependentTasksOutputFiles` inputs no longer see it.
 */
export function dropDisabledTargets(targets: Record<string, TargetConfiguration> | undefined): Record<string, TargetConfiguration> | undefined {
  if (!targets) return targets;
  const out: Record<string, TargetConfiguration> = {};
  for (const [name, t] of Object.entries(targets)) {
    if (name.startsWith(DISABLED_TARGET_PREFIX)) continue;
    const dropped = (t.dependsOn ?? []).map(dependencyName).filter((d): d is string => !!d?.startsWith(DISABLED_TARGET_PREFIX));
    if (dropped.length === 0) {
      out[name] = t;
      continue;
    }
    // Only this project's own dependency (not `^build`, another project's) is replaced by its outputs.
    const own = new Set(
      (t.dependsOn ?? [])
        .filter((d) => (typeof d === 'string' ? !d.startsWith('^') : !d.dependencies && !d.projects))
        .map(dependencyName)
        .filter((d): d is string => !!d?.startsWith(DISABLED_TARGET_PREFIX)),
    );
    const replaced = [...own].flatMap((d) => targets[d]?.outputs ?? []);
    out[name] = {
      ...t,
      dependsOn: t.dependsOn!.filter((d) => !dependencyName(d)?.startsWith(DISABLED_TARGET_PREFIX)),
      ...(t.inputs ? { inputs: [...t.inputs, ...replaced] } : {}),
    };
  }
  return out;
}
