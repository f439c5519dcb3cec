import { rmSync } from 'node:fs';

/**
 * Cleanup that must happen however the process ends: temporary files (removed synchronously on
 * SIGINT, SIGTERM, SIGHUP and at exit) and registry upload sessions (cancelled on a signal, with a
 * short time limit). The handlers are installed only while something is registered, and a signal
 * is re-raised afterwards when nobody else handles it, so the process still dies of it (exit status
 * 130/143 in a shell) exactly as without us. SIGKILL cannot be caught: the registry's own purge of
 * stale uploads, and the `.tmp` names, are what remain for that.
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const tempPaths = new Set<string>();
const interruptTasks = new Set<() => Promise<unknown>>();
let installed = false;

/** How long cancelling upload sessions may delay a signalled exit (a second Ctrl-C ends it at once). */
const INTERRUPT_GRACE_MS = 5000;

/** Removes `path` (file or directory) if the process is interrupted or exits before `release`. */
export function trackTempPath(path: string): () => void {
  tempPaths.add(path);
  install();
  return () => {
    tempPaths.delete(path);
    uninstallIfIdle();
  };
}

/** Runs `task` if the process is interrupted by a signal before `release`. */
export function onInterrupt(task: () => Promise<unknown>): () => void {
  interruptTasks.add(task);
  install();
  return () => {
    interruptTasks.delete(task);
    uninstallIfIdle();
  };
}

function removeTempPaths(): void {
  for (const p of tempPaths) {
    try {
      rmSync(p, { recursive: true, force: true });
    } catch {
      // nothing more can be done on the way out
    }
  }
  tempPaths.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  uninstall();
  removeTempPaths();
  const tasks = [...interruptTasks];
  interruptTasks.clear();
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, INTERRUPT_GRACE_MS)));
  void Promise.race([Promise.allSettled(tasks.map((t) => t())), grace]).then(() => {
    clearTimeout(timer);
    // Anyone else listening (the embedding program) decides how to end; otherwise die of the signal.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', removeTempPaths);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  process.removeListener('exit', removeTempPaths);
}

function uninstallIfIdle(): void {
  if (tempPaths.size === 0 && interruptTasks.size === 0) uninstall();
}
