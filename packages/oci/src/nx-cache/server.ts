import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { BodyLengthError, spoolBody, Spooled } from './spool';
import { isRecordKey, PutOutcome } from './record-store';
import { accessFor, CacheTokens } from './tokens';

/** What the server needs of a record store (OciRecordStore; the interface keeps the server testable on its own). */
export interface RecordStore {
  readonly name: string;
  has(hash: string): Promise<boolean>;
  get(hash: string): Promise<Spooled | undefined>;
  put(hash: string, record: Spooled): Promise<PutOutcome>;
}

export interface NxCacheServerOptions {
  store: RecordStore;
  tokens: CacheTokens;
  /** Never write, whatever the token (a cache that CI of pull requests may only read). */
  readOnly?: boolean;
  /** Loopback by default. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Temp dir for request bodies too large to hold in memory. */
  spoolDir: string;
  /** One line per request and per failure; never a token. */
  log?: (line: string) => void;
}

export interface NxCacheStats {
  hits: number;
  misses: number;
  stored: number;
  conflicts: number;
  denied: number;
  /** Registry failures answered as a miss (GET) or as not stored (PUT). */
  failures: number;
}

export interface NxCacheServer {
  url: string;
  port: number;
  stats: NxCacheStats;
  stop(): Promise<void>;
}

const PATH = /^\/v1\/cache\/([^/?#]+)$/;

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Nx's self-hosted remote cache API (Nx >= 20.8: GET/PUT /v1/cache/{hash}, bearer tokens) over a
 * record store.
 *
 * Nx 24's client fails the whole run on any answer it does not expect (measured: a GET answered
 * other than 200/404, a PUT answered other than 200/403/409 after five retries, a truncated body, a
 * refused connection). A cache failure must never fail a build, so a registry failure is answered
 * as a miss on GET and as 409 (not stored) on PUT, logged here; and a hit is answered only once the
 * whole record is in hand and verified.
 */
export async function startNxCacheServer(options: NxCacheServerOptions): Promise<NxCacheServer> {
  const { store, tokens } = options;
  const log = options.log ?? (() => undefined);
  const stats: NxCacheStats = { hits: 0, misses: 0, stored: 0, conflicts: 0, denied: 0, failures: 0 };

  const text = (res: ServerResponse, status: number, body: string) => {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
  };
  /** Answers before the body is read: the rest of it is drained, so the connection stays usable. */
  const early = (req: IncomingMessage, res: ServerResponse, status: number, body: string) => {
    req.resume();
    text(res, status, body);
  };

  async function get(hash: string, res: ServerResponse, started: number): Promise<void> {
    let record: Spooled | undefined;
    try {
      record = isRecordKey(hash) ? await store.get(hash) : undefined;
    } catch (err) {
      stats.failures++;
      log(`GET ${hash} answered as a miss: ${reason(err)}`);
      return text(res, 404, 'not found (the registry failed; see the cache server log)');
    }
    if (!record) {
      stats.misses++;
      log(`GET ${hash} miss (${Date.now() - started} ms)`);
      return text(res, 404, 'not found');
    }
    stats.hits++;
    const held = record;
    res.on('close', () => void held.dispose());
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': held.size });
    held.open().pipe(res);
    log(`GET ${hash} hit, ${held.size} bytes (${Date.now() - started} ms)`);
  }

  async function put(hash: string, req: IncomingMessage, res: ServerResponse, started: number): Promise<void> {
    const length = Number(req.headers['content-length']);
    if (!isRecordKey(hash)) return early(req, res, 400, `'${hash.slice(0, 64)}' is not a valid record key (letters, digits, '_', '.', '-'; at most 128)`);
    if (req.headers['content-length'] === undefined || !Number.isSafeInteger(length) || length < 0) {
      return early(req, res, 400, 'missing or invalid Content-Length header');
    }
    const notStored = (err: unknown) => {
      stats.failures++;
      log(`PUT ${hash} not stored: ${reason(err)}`);
      // 409, not 5xx: Nx 24 fails the run on a 5xx (see above); the record simply is not there.
      return early(req, res, 409, 'not stored: the registry failed (see the cache server log)');
    };
    try {
      // Cheap check first, so an existing record's body is not read at all.
      if (await store.has(hash)) {
        stats.conflicts++;
        log(`PUT ${hash} refused: the record exists`);
        return early(req, res, 409, 'the record exists; records are never overwritten');
      }
    } catch (err) {
      return notStored(err);
    }
    let record: Spooled;
    try {
      record = await spoolBody(req, length, options.spoolDir);
    } catch (err) {
      log(`PUT ${hash} not stored: ${err instanceof BodyLengthError ? err.message : `the upload broke off (${reason(err)})`}`);
      return text(res, 400, err instanceof BodyLengthError ? err.message : 'the upload broke off');
    }
    try {
      const outcome = await store.put(hash, record);
      if (outcome === 'exists') {
        stats.conflicts++;
        log(`PUT ${hash} refused: the record exists`);
        return text(res, 409, 'the record exists; records are never overwritten');
      }
      stats.stored++;
      log(`PUT ${hash} stored, ${record.size} bytes (${Date.now() - started} ms)`);
      return text(res, 200, '');
    } catch (err) {
      return notStored(err);
    } finally {
      await record.dispose();
    }
  }

  const server: Server = createServer((req, res) => {
    const started = Date.now();
    const m = PATH.exec((req.url ?? '').split('?')[0]);
    if (!m) return early(req, res, 404, 'not found: the API is GET/PUT /v1/cache/{hash}');
    let hash: string;
    try {
      hash = decodeURIComponent(m[1]);
    } catch {
      return early(req, res, 404, 'not found');
    }
    if (req.method !== 'GET' && req.method !== 'PUT') {
      res.setHeader('allow', 'GET, PUT');
      return early(req, res, 405, 'method not allowed');
    }
    const access = accessFor(req.headers.authorization, tokens);
    if (access === 'none') {
      stats.denied++;
      log(`${req.method} ${hash} refused: missing or invalid bearer token`);
      return early(req, res, 401, 'missing or invalid bearer token (NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN)');
    }
    if (req.method === 'GET') return void get(hash, res, started);
    if (access !== 'read-write' || options.readOnly) {
      stats.denied++;
      return early(req, res, 403, options.readOnly ? 'this cache server is read-only' : 'this token may only read');
    }
    return void put(hash, req, res, started);
  });

  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  const host = options.host ?? '127.0.0.1';
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    stats,
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      })),
  };
}
