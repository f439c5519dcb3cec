import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from './atomic-write';

/**
 * Where blobs were pushed before, per registry, so a push of the same content to another
 * repository of that registry can ask for a cross-repository mount instead of uploading again
 * (docker keeps the same kind of record). Only a hint: a stale entry costs one refused mount.
 */
type Locations = Record<string, Record<string, string[]>>;

const MAX_DIGESTS_PER_REGISTRY = 512;
const MAX_REPOS_PER_DIGEST = 8;

async function load(file: string): Promise<Locations> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Locations) : {};
  } catch {
    return {};
  }
}

export async function knownRepositories(file: string | undefined, registry: string, digest: string): Promise<string[]> {
  if (!file) return [];
  const repos = (await load(file))[registry]?.[digest];
  return Array.isArray(repos) ? repos.filter((r) => typeof r === 'string') : [];
}

export async function recordLocations(file: string | undefined, registry: string, repository: string, digests: string[]): Promise<void> {
  if (!file) return;
  try {
    const all = await load(file);
    const byDigest = (all[registry] ??= {});
    for (const digest of digests) {
      const repos = (byDigest[digest] ?? []).filter((r) => r !== repository);
      byDigest[digest] = [repository, ...repos].slice(0, MAX_REPOS_PER_DIGEST);
      // Re-insert so the most recently used digests are the ones kept.
      const value = byDigest[digest];
      delete byDigest[digest];
      byDigest[digest] = value;
    }
    const keys = Object.keys(byDigest);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_DIGESTS_PER_REGISTRY))) delete byDigest[k];
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFileAtomic(file, JSON.stringify(all));
  } catch {
    // only a hint; losing it costs an upload next time
  }
}
