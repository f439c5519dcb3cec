export interface StepTime {
  name: string;
  ms: number;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)}s` : `${(ms / 1000).toFixed(1)}s`;
}

/** What changed, shortest first, at most three names (the rest counted). */
export function describeChanges(files: string[]): string {
  const sorted = [...new Set(files)].sort();
  if (!sorted.length) return 'start';
  const shown = sorted.slice(0, 3).join(', ');
  return sorted.length > 3 ? `${shown} (+${sorted.length - 3} more)` : shown;
}

/** The one line a cycle prints: `hello: src/lib.rs -> sha256:… in 8.40s (build 8.10s, sign 0.05s, …)`. */
export function cycleLine(project: string, changes: string[], steps: StepTime[], outcome: { digest: string } | { failed: string }): string {
  const total = steps.reduce((s, t) => s + t.ms, 0);
  const times = steps.map((t) => `${t.name} ${seconds(t.ms)}`).join(', ');
  const what = describeChanges(changes);
  if ('failed' in outcome) return `${project}: ${what} -> ${outcome.failed} failed after ${seconds(total)} (${times}); the previous version keeps running`;
  return `${project}: ${what} -> ${outcome.digest} running in ${seconds(total)} (${times})`;
}
