import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectionOptions } from '../client-factory';
import { OciRecordStore } from './record-store';
import { NxCacheServer, startNxCacheServer } from './server';
import { CacheTokens } from './tokens';

export interface ServeNxCacheOptions extends ConnectionOptions {
  /** `host[:port]/repository` holding the records. */
  repository: string;
  tokens: CacheTokens;
  readOnly?: boolean;
  host?: string;
  port?: number;
  log?: (line: string) => void;
  /** Where the spool dir is made; default the OS temp dir. */
  tempRoot?: string;
}

export interface ServedNxCache extends NxCacheServer {
  /** `registry/repository`. */
  repository: string;
}

/**
 * `nx-wasmcloud cache serve` as a library call: opens the repository, checks the credentials once
 * (so a wrong password or CA fails here, in one line, not as misses later), and serves Nx's API.
 */
export async function serveNxCache(options: ServeNxCacheOptions): Promise<ServedNxCache> {
  const spoolDir = await mkdtemp(join(options.tempRoot ?? tmpdir(), 'nx-wasmcloud-nx-cache-'));
  let store: OciRecordStore | undefined;
  try {
    store = await OciRecordStore.open({ ...options, spoolDir });
    await store.check(!options.readOnly);
    const server = await startNxCacheServer({
      store,
      tokens: options.tokens,
      readOnly: options.readOnly,
      host: options.host,
      port: options.port,
      spoolDir,
      log: options.log,
    });
    const opened = store;
    return {
      ...server,
      repository: store.name,
      stop: async () => {
        await server.stop();
        opened.close();
        await rm(spoolDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    store?.close();
    await rm(spoolDir, { recursive: true, force: true });
    throw err;
  }
}
