import { statSync } from 'node:fs';
import { readJsonCache, writeJsonCache } from '../utils/json-cache-file';

interface Entry {
  size: number;
  mtimeMs: number;
  ino: number;
  publicKey: string;
}

/**
 * Public keys of key files, remembered by the files' size, mtime and inode: the keys input runs on
 * every Nx invocation, and deriving hundreds of public keys each time would dominate a cached run.
 * Holds public keys only; a changed or replaced file is derived again.
 */
export class PublicKeyCache {
  private readonly entries: Record<string, Entry>;
  private dirty = false;

  constructor(private readonly file: string) {
    this.entries = readJsonCache<Entry>(file);
  }

  async publicKey(path: string, derive: () => Promise<string>): Promise<string> {
    const st = statSync(path);
    const hit = this.entries[path];
    if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs && hit.ino === st.ino) return hit.publicKey;
    const publicKey = await derive();
    this.entries[path] = { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, publicKey };
    this.dirty = true;
    return publicKey;
  }

  save(): void {
    if (!this.dirty) return;
    try {
      writeJsonCache(this.file, this.entries);
    } catch {
      // a cache that cannot be written only costs time
    }
  }
}
