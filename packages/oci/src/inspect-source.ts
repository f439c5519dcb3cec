import { existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { trackTempPath } from './exit-cleanup';
import { hostCachePaths, rustTempDir } from './host-cache';
import { pullArtifact, PullOptions } from './pull';

export interface InspectSource {
  file: string;
  /** True when the hosts' cache file was used instead of pulling. */
  fromCache: boolean;
  /** Removes the temporary download (nothing for a cache file). */
  dispose(): Promise<void>;
}

/**
 * What `wash claims inspect` / `wash par inspect` do with an OCI reference: read the hosts' cache
 * file (`$TMPDIR/wasmcloud_ocicache/<ref>.bin`) if it exists, unless `noCache`; otherwise pull into a
 * temporary file. wash never writes the cache here, so neither do we.
 */
export async function artifactForInspect(options: Omit<PullOptions, 'destination' | 'hostCache'> & { noCache?: boolean }): Promise<InspectSource> {
  const env = options.env ?? process.env;
  if (!options.noCache) {
    const { bin } = hostCachePaths(options.reference, env);
    if (existsSync(bin)) return { file: bin, fromCache: true, dispose: async () => undefined };
  }
  const dir = mkdtempSync(join(rustTempDir(env), 'nx-wasmcloud-inspect-'));
  // Gone however the process ends, a signal included, until dispose removes it.
  const release = trackTempPath(dir);
  const dispose = async () => {
    await rm(dir, { recursive: true, force: true });
    release();
  };
  try {
    const { file } = await pullArtifact({ ...options, destination: join(dir, 'artifact'), hostCache: false, validate: false });
    return { file, fromCache: false, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}
