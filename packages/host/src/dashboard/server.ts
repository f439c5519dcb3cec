import { existsSync, readFileSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { HostUserError, GuestError, CallTimeoutError } from '../errors';
import { DashboardController } from './controller';
import { LogTap, TappedLog } from './log-tap';
import { checkRequest, newDashboardToken } from './security';
import { LatticeHost } from '../lattice/lattice-host';
import { latticeTarget } from './lattice-target';
import type { DashboardTarget } from './target';

export const DEFAULT_DASHBOARD_UPLOAD_BYTES = 16 * 1024 * 1024;
const JSON_BODY_BYTES = 1024 * 1024;

export interface DashboardOptions {
  /** 0 (default): a free port. */
  port?: number;
  /** Default 127.0.0.1; another interface only when asked. */
  host?: string;
  /** Actor logs: the LogTap passed as the host's `log` option. */
  logTap?: LogTap;
  /** Largest .wasm upload, default 16 MiB. */
  maxUploadBytes?: number;
  /** Default: random per start. */
  token?: string;
  /** Seconds between lattice provider health checks (server side), default 10. */
  healthIntervalSeconds?: number;
}

export interface Dashboard {
  /** The URL with the token: print it, it is the only way in. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/** The prebuilt front-end: our page and script, and htm's single-file Preact build (no build step). */
function assets(): Record<string, { type: string; body: Buffer }> {
  const ui = join(__dirname, 'ui');
  // htm's exports map has no './package.json' under Node's resolver: go from its main file (dist/htm.js) to the package root.
  const htm = join(dirname(require.resolve('htm')), '..');
  return {
    '/': { type: 'text/html; charset=utf-8', body: readFileSync(join(ui, 'index.html')) },
    '/app.css': { type: 'text/css; charset=utf-8', body: readFileSync(join(ui, 'app.css')) },
    '/app.mjs': { type: 'text/javascript; charset=utf-8', body: readFileSync(join(ui, 'app.mjs')) },
    '/preact-htm.mjs': { type: 'text/javascript; charset=utf-8', body: readFileSync(join(htm, 'preact', 'standalone.mjs')) },
  };
}

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Serves the dashboard for a host on 127.0.0.1 (by default): live state over server-sent events,
 * and the actions of DashboardController as JSON POSTs. Only pages we served, with the token, at
 * the address we bound, can drive it.
 */
export async function startDashboard(host: DashboardTarget | LatticeHost, options: DashboardOptions = {}): Promise<Dashboard> {
  const target = host instanceof LatticeHost ? latticeTarget(host) : host;
  const bind = options.host ?? '127.0.0.1';
  const token = options.token ?? newDashboardToken();
  const maxUpload = options.maxUploadBytes ?? DEFAULT_DASHBOARD_UPLOAD_BYTES;
  const files = assets();
  const controller = new DashboardController(target);
  const streams = new Set<ServerResponse>();
  const allowed = { token, hosts: [] as string[] };

  const send = (event: string, data: unknown) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const s of streams) s.write(frame);
  };
  // Coalesce bursts of changes into one state frame.
  let pending: NodeJS.Timeout | undefined;
  const onChanged = () => {
    if (pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      send('state', controller.state());
    }, 20);
  };
  const onLog = (line: TappedLog) => send('log', line);
  const onControllerLog = (entry: { actor: string; level: string; text: string }) =>
    options.logTap ? options.logTap.push(entry as TappedLog) : onLog({ ...(entry as TappedLog), at: new Date().toISOString() });
  controller.on('changed', onChanged);
  controller.on('log', onControllerLog);
  options.logTap?.on('line', onLog);
  const health = setInterval(() => void controller.refreshHealth().catch(() => undefined), (options.healthIntervalSeconds ?? 10) * 1000);
  health.unref();
  void controller.refreshHealth().catch(() => undefined);

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => reply(res, e instanceof HttpError ? e.status : 500, { error: (e as Error).message }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://dashboard');
    const asset = req.method === 'GET' && url.pathname !== '/' ? files[url.pathname] : undefined;
    const refused = checkRequest(req, allowed, url.searchParams.get('token') ?? header(req, 'x-dashboard-token'), !asset);
    if (refused) return reply(res, refused.status, { error: refused.reason });
    if (req.method === 'GET' && files[url.pathname]) {
      const f = files[url.pathname];
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': f.type, 'content-length': f.body.length });
      res.end(f.body);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/events') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', connection: 'keep-alive' });
      res.write(`event: state\ndata: ${JSON.stringify(controller.state())}\n\n`);
      for (const line of options.logTap?.recent ?? []) res.write(`event: log\ndata: ${JSON.stringify(line)}\n\n`);
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (req.method !== 'POST') throw new HttpError(404, `no ${req.method} ${url.pathname} here`);
    try {
      reply(res, 200, await action(req, url));
    } catch (e) {
      if (e instanceof HttpError) throw e;
      if (e instanceof HostUserError || e instanceof GuestError || e instanceof CallTimeoutError) throw new HttpError(400, e.message);
      throw e;
    }
  }

  async function action(req: IncomingMessage, url: URL): Promise<unknown> {
    switch (url.pathname) {
      case '/api/upload': {
        // application/wasm is not a CORS-safelisted type: a cross-origin page cannot send it without a preflight we never answer.
        requireType(req, 'application/wasm');
        const bytes = await readBody(req, maxUpload, 'the upload');
        const update = url.searchParams.get('update');
        return update ? controller.updateActor(update, bytes) : controller.startActor(bytes);
      }
      case '/api/start': {
        const body = await jsonBody(req);
        return controller.startActor(ociRef(body.reference));
      }
      case '/api/update': {
        const body = await jsonBody(req);
        return controller.updateActor(String(body.actor ?? ''), ociRef(body.reference));
      }
      case '/api/stop': {
        const body = await jsonBody(req);
        await controller.stopActor(String(body.actor ?? ''));
        return { ok: true };
      }
      case '/api/link': {
        await controller.putLink(await jsonBody(req));
        return { ok: true };
      }
      case '/api/unlink': {
        await controller.deleteLink(await jsonBody(req));
        return { ok: true };
      }
      case '/api/invoke':
        return controller.invoke(await jsonBody(req));
      case '/api/test':
        return controller.runTests(await jsonBody(req));
      default:
        throw new HttpError(404, `no action ${url.pathname}`);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE' || e.code === 'EACCES'
          ? new HostUserError(`dashboard: cannot listen on ${bind}:${options.port ?? 0} (${e.code}): choose another --dashboard-port`)
          : e,
      ),
    );
    server.listen(options.port ?? 0, bind, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shown = bind.includes(':') ? `[${bind}]` : bind;
  allowed.hosts.push(`${shown}:${port}`);
  if (bind === '127.0.0.1' || bind === '::1') allowed.hosts.push(`localhost:${port}`);

  return {
    url: `http://${shown}:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      clearInterval(health);
      if (pending) clearTimeout(pending);
      controller.detach();
      controller.off('changed', onChanged);
      options.logTap?.off('line', onLog);
      for (const s of streams) s.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body ?? null);
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function requireType(req: IncomingMessage, type: string): void {
  const got = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (got !== type) throw new HttpError(415, `expected content-type ${type}, got '${got}'`);
}

async function readBody(req: IncomingMessage, max: number, what: string): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  const tooBig = () => new HttpError(413, `${what} is larger than the limit of ${max} bytes`);
  if (declared > max) {
    req.resume();
    throw tooBig();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) {
      req.resume();
      throw tooBig();
    }
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  requireType(req, 'application/json');
  const text = Buffer.from(await readBody(req, JSON_BODY_BYTES, 'the request')).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the request body is not valid JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'the request body must be a JSON object');
  return value as Record<string, unknown>;
}

/** Only references come in as text: a path on the host's disk is not the page's to name. */
function ociRef(value: unknown): string {
  const ref = typeof value === 'string' ? value.trim() : '';
  if (!ref || !/[:/]/.test(ref) || ref.startsWith('/') || ref.startsWith('.') || existsSync(ref))
    throw new HttpError(400, `'${ref}' is not an OCI reference (e.g. 127.0.0.1:5000/hello:0.1.0)`);
  return ref;
}
