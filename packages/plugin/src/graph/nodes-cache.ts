import { createHash } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import { readJsonCache, writeJsonCache } from '../utils/json-cache-file';

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
    this.previous = readJsonCache<T>(file);
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
    writeJsonCache(this.file, this.current);
  }
}
