import { FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface ChangeWatcher {
  close(): void;
}

/**
 * Watches directories and calls `onBatch` with the workspace-relative files that changed, once
 * `debounceMs` passed without another change: an editor's save is several events. `accept` drops
 * files that are not inputs (build outputs). Every accepted directory gets its own flat fs.watch
 * (one inotify watch, events at once), and a new one is added when it appears. Not `recursive:
 * true`: on Linux, Node 20 emulates it by polling each file's stat, which reported changes seconds
 * late, reported old writes, and missed later ones in our tests; and a rejected directory such as
 * cargo's target/ is never walked.
 */
export function watchChanges(
  workspaceRoot: string,
  dirs: string[],
  debounceMs: number,
  accept: (file: string) => boolean,
  onBatch: (files: string[]) => void,
): ChangeWatcher {
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const watchers = new Map<string, FSWatcher>();
  const changed = (file: string) => {
    if (!accept(file)) return;
    pending.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const batch = [...pending];
      pending = new Set();
      onBatch(batch);
    }, debounceMs);
  };
  const rel = (abs: string) => relative(workspaceRoot, abs).split(sep).join('/');
  const isDir = (abs: string) => {
    try {
      return statSync(abs).isDirectory();
    } catch {
      return false;
    }
  };
  const add = (abs: string) => {
    if (closed || watchers.has(abs)) return;
    let w: FSWatcher;
    try {
      w = watch(abs, (_event, name) => {
        if (!name) return;
        const child = join(abs, name.toString());
        changed(rel(child));
        // A new subdirectory (e.g. src/ created after start) gets its own watch, and its subtree.
        if (accept(rel(child)) && isDir(child)) addTree(child, true);
      });
    } catch {
      return; // removed before we got to it
    }
    // A watched directory removed (or a watch the kernel drops): forget it, a re-creation re-adds it.
    w.on('error', () => {
      w.close();
      watchers.delete(abs);
    });
    watchers.set(abs, w);
  };
  /** `fresh`: a directory that appeared while watching; files written before its watch are changes too. */
  const addTree = (abs: string, fresh = false) => {
    add(abs);
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const child = join(abs, entry.name);
      if (entry.isDirectory() && accept(rel(child))) addTree(child, fresh);
      else if (fresh) changed(rel(child));
    }
  };
  for (const dir of dirs) addTree(join(workspaceRoot, dir));
  return {
    close: () => {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
