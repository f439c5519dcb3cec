import { createHash } from 'node:crypto';
import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Socket } from 'node:net';

/** One request as the hostile server saw it, headers included (to catch leaked credentials). */
export interface SeenRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingHttpHeaders;
}

/**
 * Answers one request, or returns false to fall through to the plausible-registry defaults. The
 * request body has not been read: a handler that answers early may leave it unread.
 */
export type HostileHandler = (req: IncomingMessage, res: ServerResponse, server: HostileServer) => boolean | void | Promise<boolean | void>;

export interface HostileServer {
  /** `127.0.0.1:<port>`, the form a reference uses. */
  host: string;
  port: number;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  requests: SeenRequest[];
  /** Requests that carried an Authorization header. */
  authorized(): SeenRequest[];
  stop(): Promise<void>;
}

/**
 * A registry that lies, on 127.0.0.1: the faults a real Distribution registry never produces
 * (bodies that never end, wrong sizes and digests, redirects to other hosts and schemes, upload
 * Locations elsewhere, a token realm over plain http, error bodies with control characters and
 * echoed credentials). Each test passes a handler for the requests it wants to subvert; every other
 * request gets a minimal, well-behaved answer (ping 200, blob HEAD 404, uploads accepted), so a
 * push or pull reaches the step under test.
 */
export async function startHostileRegistry(handler: HostileHandler = () => false): Promise<HostileServer> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  // eslint-disable-next-line prefer-const -- the handlers below close over it before it is created
  let server!: Server;
  const self: HostileServer = {
    host: '',
    port: 0,
    origin: '',
    requests,
    authorized: () => requests.filter((r) => r.headers.authorization !== undefined),
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  server = createServer(async (req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    res.on('error', () => undefined);
    req.on('error', () => undefined);
    try {
      if (await handler(req, res, self)) return;
      if (res.headersSent || res.writableEnded) return;
      plausible(req, res, self);
    } catch {
      res.destroy();
    }
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  self.port = (server.address() as { port: number }).port;
  self.host = `127.0.0.1:${self.port}`;
  self.origin = `http://${self.host}`;
  return self;
}

/** The defaults: just enough of the distribution API for push and pull to proceed. */
function plausible(req: IncomingMessage, res: ServerResponse, server: HostileServer): void {
  const path = (req.url ?? '').split('?')[0];
  const answer = () => {
    if (path === '/v2/') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    if (req.method === 'HEAD' && /\/blobs\//.test(path)) return void res.writeHead(404).end();
    if (req.method === 'POST' && path.endsWith('/blobs/uploads/')) return void res.writeHead(202, { location: `${server.origin}${path}session-1` }).end();
    if (req.method === 'PATCH') return void res.writeHead(202, { location: `${server.origin}${path}` }).end();
    if (req.method === 'PUT' && /[?&]digest=/.test(req.url ?? '')) return void res.writeHead(201).end();
    if (req.method === 'DELETE') return void res.writeHead(204).end();
    if (req.method === 'PUT' && /\/manifests\//.test(path)) return void res.writeHead(201).end();
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"NOT_FOUND","message":"hostile default"}]}');
  };
  // A handler may have consumed the body already; answer once it is read, whoever read it.
  if (req.readableEnded) return answer();
  req.on('end', answer);
  req.resume();
}

// --- building blocks for handlers ---

export function sha256(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** A manifest (OCI, one wasm layer) whose layer descriptor says what the test wants it to say. */
export function manifestFor(layer: { digest: string; size: number; mediaType?: string }): Buffer {
  const config = Buffer.from('{}');
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      config: { mediaType: 'application/vnd.wasmcloud.actor.archive.config', digest: sha256(config), size: config.length },
      layers: [{ mediaType: layer.mediaType ?? 'application/vnd.module.wasm.content.layer.v1+wasm', digest: layer.digest, size: layer.size }],
    }),
  );
}

export function sendManifest(res: ServerResponse, bytes: Buffer): void {
  res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'docker-content-digest': sha256(bytes) }).end(bytes);
}

/**
 * Zeros, 1 MiB at a time, for as long as the client reads (or up to `limit` bytes). Returns the
 * number of bytes written so far through `written`.
 */
export function endlessBody(res: ServerResponse, limit = Number.POSITIVE_INFINITY): { written(): number } {
  const chunk = Buffer.alloc(1 << 20);
  let written = 0;
  res.writeHead(200, { 'content-type': 'application/octet-stream' });
  const pump = () => {
    while (written < limit && !res.destroyed) {
      const n = Math.min(chunk.length, limit - written);
      written += n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
  return { written: () => written };
}

export function redirect(res: ServerResponse, location: string, status = 307): void {
  res.writeHead(status, { location }).end();
}

/** A distribution-format error body (or any raw body) with the given status. */
export function errorBody(res: ServerResponse, status: number, body: string | object): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** Demands a Bearer token from `realm` unless the request carries one. */
export function bearerChallenge(res: ServerResponse, realm: string, service = 'hostile'): void {
  res
    .writeHead(401, { 'www-authenticate': `Bearer realm="${realm}",service="${service}"`, 'content-type': 'application/json' })
    .end('{"errors":[{"code":"UNAUTHORIZED"}]}');
}

/** Reads a request body fully (for handlers that need it before answering). */
export async function readAll(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  return Buffer.concat(parts);
}
