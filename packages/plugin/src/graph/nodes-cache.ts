import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

/** Nx's own workspace-data directory rule, without a deep import into nx. */
export function workspaceDataDirectory(workspaceRoot: string): string {
  const configured = process.env.NX_WORKSPACE_DATA_DIRECTORY ?? process.env.NX_PROJECT_GRAPH_CACHE_DIRECTORY;
  if (configured) return isAbsolute(configured) ? configured : join(workspaceRoot, configured);
  return join(workspaceRoot, '.nx', 'workspace-data');
}

export function sha256(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

/**
 * A JSON map from content hash to computed result, persisted under workspace-data. Only results of
 * the current run are written back, so entries for deleted or changed files do not accumulate.
 */
export class ContentHashCache<T> {
  private readonly previous: Record<string, T>;
  private readonly current: Record<string, T> = {};
  private dirty = false;

  constructor(private readonly file: string) {
    let previous: Record<string, T> = {};
    try {
      previous = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      // no cache yet, or unreadable: recompute
    }
    this.previous = previous;
  }

  get(hash: string): T | undefined {
    const hit = this.current[hash] ?? this.previous[hash];
    if (hit !== undefined && this.current[hash] === undefined) this.current[hash] = hit;
    return hit;
  }

  set(hash: string, value: T): void {
    this.current[hash] = value;
    this.dirty = true;
  }

  /** Writes when something new was computed or something old dropped out. */
  save(): void {
    const dropped = Object.keys(this.previous).some((k) => !(k in this.current));
    if (!this.dirty && !dropped) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.current));
    renameSync(tmp, this.file);
  }
}
