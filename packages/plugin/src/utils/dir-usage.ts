import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface DirUsage {
  files: number;
  bytes: number;
}

/** Files and bytes under a directory (zero when it is missing); symlinks count as entries, never followed. */
export async function dirUsage(dir: string): Promise<DirUsage> {
  const total: DirUsage = { files: 0, bytes: 0 };
  const walk = async (d: string) => {
    const entries = await readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else {
        total.files += 1;
        total.bytes += (await lstat(p).catch(() => undefined))?.size ?? 0;
      }
    }
  };
  await walk(dir);
  return total;
}

/** `1.5 MiB`, `12 KiB`, `300 B`: binary units, one decimal when below 10. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return i === 0 ? `${bytes} B` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}
