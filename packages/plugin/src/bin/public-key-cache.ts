import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

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
    let entries: Record<string, Entry> = {};
    try {
      entries = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      // first run, or unreadable: derive again
    }
    this.entries = entries;
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
      mkdirSync(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(this.entries));
      renameSync(tmp, this.file);
    } catch {
      // a cache that cannot be written only costs time
    }
  }
}
