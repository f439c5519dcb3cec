import { existsSync, readFileSync } from 'node:fs';
import { Agent as HttpAgent, IncomingMessage, request as httpRequest } from 'node:http';
import type * as Https from 'node:https';
import { Readable } from 'node:stream';
import { describeErrorBody } from './error-body';
import { OciError } from './errors';
import { parseRetryAfter, RetryableError } from './retry';

// Loaded on first HTTPS use: a plain-HTTP push to a local registry need not load TLS at start-up.
const https = () => require('node:https') as typeof Https;
const tls = () => require('node:tls') as typeof import('node:tls');

export type Scheme = 'http' | 'https';

/** A request body that can be sent again on retry: bytes in memory, or a way to re-open a stream. */
export type Body = Buffer | { length: number; open(): Readable };

export interface SendOptions {
  method: string;
  url: URL;
  headers?: Record<string, string>;
  body?: Body;
  /** Called with the number of body bytes handed to the socket. */
  onBodyBytes?: (n: number) => void;
  /** Aborts the request (used to cancel a speculative upload). */
  signal?: AbortSignal;
  /**
   * For a streamed body: sent with chunked transfer encoding (no Content-Length), and ended early,
   * cleanly, when this signal fires. The server then answers the shortened request as usual, so an
   * upload session can still be cancelled: Distribution refuses to DELETE a session whose last
   * request was cut off mid-body (its state no longer matches the stored size).
   */
  stop?: AbortSignal;
}

// System bundles in the usual places, so registries signed by a CA the OS trusts but Node's
// bundled Mozilla list lacks (corporate roots installed with update-ca-certificates) still work.
const SYSTEM_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];

export interface TransportOptions {
  /** Extra PEM CA file trusted in addition to the system CAs. */
  caFile?: string;
  env?: NodeJS.ProcessEnv;
  /** Socket idle timeout (ms); a stalled transfer is treated as a dropped connection. */
  idleTimeoutMs?: number;
  /** Debug lines: method, URL without query secrets, status. Never headers. */
  debug?: (line: string) => void;
}

/**
 * Node's built-in http/https with keep-alive agents. No HTTP client library: we need exact control
 * of streaming request bodies from disk, redirects without leaking Authorization to another host,
 * and raw status handling for the distribution protocol, which http.request gives directly.
 */
export class Transport {
  /**
   * Every credential this transport may carry (registered by the auth session as it learns them),
   * so an error body that echoes one can have it removed before anything is printed.
   */
  readonly secrets = new Set<string>();
  private readonly httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 8 });
  private httpsAgentInstance?: Https.Agent;
  private readonly idleTimeoutMs: number;
  private readonly caFile?: string;
  private readonly env: NodeJS.ProcessEnv;
  readonly debug?: (line: string) => void;

  constructor(opts: TransportOptions = {}) {
    this.env = opts.env ?? process.env;
    this.caFile = opts.caFile;
    if (opts.caFile) this.httpsAgent(); // report an unreadable CA file up front
    this.idleTimeoutMs = opts.idleTimeoutMs ?? 60_000;
    this.debug = opts.debug;
  }

  /** Built on first HTTPS use: parsing every root certificate costs time a plain-HTTP push need not pay. */
  private httpsAgent(): Https.Agent {
    if (this.httpsAgentInstance) return this.httpsAgentInstance;
    const ca: (string | Buffer)[] = [...tls().rootCertificates];
    for (const bundle of SYSTEM_BUNDLES) if (existsSync(bundle)) ca.push(readFileSync(bundle));
    if (this.env.NODE_EXTRA_CA_CERTS && existsSync(this.env.NODE_EXTRA_CA_CERTS)) ca.push(readFileSync(this.env.NODE_EXTRA_CA_CERTS));
    if (this.caFile) {
      try {
        ca.push(readFileSync(this.caFile));
      } catch (err) {
        throw new OciError(`cannot read CA file '${this.caFile}': ${(err as Error).message}`);
      }
    }
    return (this.httpsAgentInstance = new (https().Agent)({ keepAlive: true, maxSockets: 8, ca }));
  }

  /** Resolves when response headers arrive; the caller consumes or discards the body. */
  send(opts: SendOptions): Promise<IncomingMessage> {
    const { url } = opts;
    const secure = url.protocol === 'https:';
    const body = opts.body;
    const length = body === undefined ? 0 : Buffer.isBuffer(body) ? body.length : body.length;
    const headers: Record<string, string> = { 'user-agent': 'nx-wasmcloud-oci', ...opts.headers };
    const stoppable = opts.stop !== undefined && body !== undefined && !Buffer.isBuffer(body);
    if (!stoppable && (body !== undefined || ['PUT', 'POST', 'PATCH'].includes(opts.method))) headers['content-length'] = String(length);
    this.debug?.(`${opts.method} ${redactUrl(url)}${length ? ` (${length} bytes)` : ''}`);

    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return Promise.reject(new OciError(`refusing to send ${opts.method} to a ${url.protocol} URL: only http and https are spoken`));
    }
    return new Promise<IncomingMessage>((resolve, reject) => {
      let req: ReturnType<typeof httpRequest>;
      try {
        req = (secure ? https().request : httpRequest)(url, {
          method: opts.method,
          headers,
          agent: secure ? this.httpsAgent() : this.httpAgent,
          ...(opts.signal ? { signal: opts.signal } : {}),
        });
      } catch (err) {
        // Node refuses a header value with CR/LF or a malformed URL before sending anything; those
        // values came from a registry (a token, a Location), so the failure is the registry's.
        const code = (err as { code?: string }).code ?? '';
        if (/^ERR_(INVALID|HTTP)_/.test(code)) return reject(new OciError(`cannot send ${opts.method} to ${redactUrl(url)}: ${code}`));
        return reject(err);
      }
      let settled = false;
      let response: IncomingMessage | undefined;
      let bodyStream: Readable | undefined;
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        req.destroy();
        reject(err);
      };
      // A request that ends early (aborted, dropped, answered before its body was sent) stops
      // reading its body: a listener on 'data' would otherwise keep the file flowing to nowhere.
      req.on('close', () => bodyStream?.destroy());
      req.setTimeout(this.idleTimeoutMs, () => {
        const err = Object.assign(new Error(`no data from ${url.host} for ${this.idleTimeoutMs} ms`), { code: 'ETIMEDOUT' });
        // After the headers, a body that stalls ends the response too (its reader sees this error).
        if (response) response.destroy(err);
        else if (settled) req.destroy(err);
        else fail(err);
      });
      req.on('error', (err) => fail(classifyNetworkError(err, url)));
      req.on('response', (res) => {
        if (settled) return res.resume();
        response = res;
        settled = true;
        this.debug?.(`${opts.method} ${redactUrl(url)} -> ${res.statusCode}`);
        resolve(res);
      });
      if (body === undefined) req.end();
      else if (Buffer.isBuffer(body)) {
        opts.onBodyBytes?.(body.length);
        req.end(body);
      } else if (stoppable && opts.stop!.aborted) {
        req.end();
      } else {
        const stream = (bodyStream = body.open());
        stream.on('error', (err) => fail(err));
        if (opts.onBodyBytes) stream.on('data', (chunk: Buffer) => opts.onBodyBytes!(chunk.length));
        stream.pipe(req);
        if (stoppable) {
          const stop = () => {
            stream.unpipe(req);
            stream.destroy();
            if (!req.writableEnded) req.end();
          };
          opts.stop!.addEventListener('abort', stop, { once: true });
          req.on('close', () => opts.stop!.removeEventListener('abort', stop));
        }
      }
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgentInstance?.destroy();
  }
}

/** Upload URLs carry opaque state; debug lines show only the path. */
export function redactUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * TLS problems are not retryable and need a hint; anything that looks like a dropped connection is
 * passed on for the retry loop.
 */
function classifyNetworkError(err: Error & { code?: string }, url: URL): Error {
  const code = err.code ?? '';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS_CERT_ALTNAME/.test(code)) {
    return new OciError(
      `TLS certificate of ${url.host} is not trusted (${err.message}): pass a CA file (--ca-file), or use plain HTTP for a local registry with --insecure or WASMCLOUD_OCI_ALLOWED_INSECURE=${url.host}`,
    );
  }
  if (code === 'ENOTFOUND') {
    return new OciError(`cannot resolve the registry host '${url.hostname}' (DNS: not found): check the reference`);
  }
  if (code.startsWith('HPE_')) {
    return new OciError(`${url.host} sent a malformed HTTP response (${code})`);
  }
  if (code === 'EPROTO' || /wrong version number|packet length too long/i.test(err.message)) {
    return new OciError(
      `TLS handshake with ${url.host} failed (${err.message}); if it serves plain HTTP, use --insecure or WASMCLOUD_OCI_ALLOWED_INSECURE=${url.host}`,
    );
  }
  return err;
}

/** Reads a (small) response body fully, refusing anything larger than `limit`. */
export async function readBody(res: IncomingMessage, limit = 8 << 20): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      res.destroy();
      throw new OciError(`a response from the registry is larger than ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** 5xx and 429 are worth another try; anything else is the caller's to interpret. */
export async function throwIfRetryable(res: IncomingMessage, what: string, secrets: Iterable<string> = []): Promise<void> {
  const status = res.statusCode ?? 0;
  if (status >= 500 || status === 429) {
    const text = describeErrorBody(await readBody(res, 64 << 10).catch(() => Buffer.alloc(0)), secrets);
    throw new RetryableError(`${what}: registry answered ${status}${text ? ` (${text})` : ''}`, parseRetryAfter(header(res, 'retry-after')));
  }
}

export function header(res: IncomingMessage, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}
