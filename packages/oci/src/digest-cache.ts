import { mkdir, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { ArtifactKind } from './media-types';

/**
 * Remembers the digest and kind of artifacts already hashed and validated, keyed by path and the
 * file's identity (device, inode, size, mtime and ctime in nanoseconds), the way git's index
 * avoids re-hashing unchanged files. ctime cannot be set by user code, so any write, rename onto
 * the path or chmod invalidates the entry. An entry is only stored when the file's ctime is at
 * least a second older than the hash start ("racy" files are re-hashed every time).
 */
export interface CachedDigest {
  digest: string;
  size: number;
  kind: ArtifactKind;
}

interface Entry extends CachedDigest {
  id: string;
}

const MAX_ENTRIES = 256;

export function defaultDigestCachePath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || process.env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'nx-wasmcloud', 'oci-digests.json');
}

async function identity(file: string): Promise<{ id: string; ctimeMs: number }> {
  const st = await stat(file, { bigint: true });
  return { id: `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`, ctimeMs: Number(st.ctimeNs / 1_000_000n) };
}

async function load(cacheFile: string): Promise<Record<string, Entry>> {
  try {
    const parsed = JSON.parse(await readFile(cacheFile, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, Entry>) : {};
  } catch {
    return {};
  }
}

export async function lookupDigest(cacheFile: string, file: string): Promise<CachedDigest | undefined> {
  const entry = (await load(cacheFile))[resolve(file)];
  if (!entry) return undefined;
  const { id } = await identity(file);
  return entry.id === id ? { digest: entry.digest, size: entry.size, kind: entry.kind } : undefined;
}

/** Stores the result computed from a hash that started at `hashStartedMs`; a failure to write is ignored (it is only a cache). */
export async function storeDigest(cacheFile: string, file: string, value: CachedDigest, hashStartedMs: number, before: string): Promise<void> {
  try {
    const { id, ctimeMs } = await identity(file);
    // Changed while we hashed, or too recent to be sure a same-tick write could not follow.
    if (id !== before || ctimeMs > hashStartedMs - 1000) return;
    await put(cacheFile, file, id, value);
  } catch {
    // a cache that cannot be written only costs a re-hash next time
  }
}

/**
 * To call just before reading `file` to hash it: takes its identity and the time, and returns the
 * function that stores the result once known (nothing for an undefined result or no cache file),
 * with storeDigest's checks that the file neither changed meanwhile nor was too fresh.
 */
export async function beginDigest(cacheFile: string | undefined, file: string): Promise<(value: CachedDigest | undefined) => Promise<void>> {
  if (!cacheFile) return async () => undefined;
  const before = await fileIdentity(file);
  const started = Date.now();
  return async (value) => {
    if (value) await storeDigest(cacheFile, file, value, started, before);
  };
}

/**
 * Stores what the WRITER of a file knows of it: the digest of the bytes it wrote and their kind
 * (e.g. the provider archive the par executor just created and validated by construction), so the
 * push that follows need not read it again. No racy-file wait: the writer computed the digest from
 * the very bytes, and rewrote the file by rename (a new inode, a new identity); only an in-place,
 * same-size rewrite within the same timestamp tick could go unnoticed (the upload then fails the
 * registry's or the layout's digest check, unless the registry holds the old bytes already, which
 * are then what the manifest names). Failures are ignored: it is only a cache.
 */
export async function storeWrittenDigest(cacheFile: string, file: string, value: CachedDigest): Promise<void> {
  try {
    await put(cacheFile, file, (await identity(file)).id, value);
  } catch {
    // a cache that cannot be written only costs a re-hash next time
  }
}

async function put(cacheFile: string, file: string, id: string, value: CachedDigest): Promise<void> {
  const entries = await load(cacheFile);
  entries[resolve(file)] = { id, ...value };
  const keys = Object.keys(entries);
  for (const k of keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES))) delete entries[k];
  await mkdir(dirname(cacheFile), { recursive: true, mode: 0o700 });
  await writeFileAtomic(cacheFile, JSON.stringify(entries));
}

export async function fileIdentity(file: string): Promise<string> {
  return (await identity(file)).id;
}
