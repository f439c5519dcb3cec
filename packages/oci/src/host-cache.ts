import { join } from 'node:path';

/** Rust's std::env::temp_dir() on Unix: $TMPDIR or /tmp (Node's os.tmpdir() also reads TMP/TEMP). */
export function rustTempDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.platform === 'win32') return env.TEMP ?? env.TMP ?? 'C:\\Windows\\Temp';
  return env.TMPDIR || '/tmp';
}

export function ociCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(rustTempDir(env), 'wasmcloud_ocicache');
}

/** Where the hosts extract provider binaries from PARs; drained by `lib`. */
export function libCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(rustTempDir(env), 'wasmcloudcache');
}

/**
 * Where the hosts cache a pulled reference: the lowercased reference as written, with every ':',
 * '/' and '.' replaced by '_', plus `.bin` (content) and `.digest` (manifest digest).
 */
export function hostCachePaths(reference: string, env: NodeJS.ProcessEnv = process.env): { bin: string; digest: string } {
  const stem = reference.trim().toLowerCase().replace(/[:/.]/g, '_');
  const base = join(ociCacheDir(env), stem);
  return { bin: `${base}.bin`, digest: `${base}.digest` };
}
