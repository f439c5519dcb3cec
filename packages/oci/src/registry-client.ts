import { createReadStream } from 'node:fs';
import { IncomingMessage } from 'node:http';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable, Transform } from 'node:stream';
import { AuthSession } from './auth';
import { Credentials } from './credentials';
import { sha256Digest, STREAM_CHUNK } from './digest';
import { mayCarryCredentials } from './credential-scope';
import { onInterrupt } from './exit-cleanup';
import { describeErrorBody, errorCodes } from './error-body';
import { AuthError, DigestMismatchError, OciError, RegistryError } from './errors';
import { INDEX_OCI, MANIFEST_DOCKER_V2, MANIFEST_OCI } from './media-types';
import { DEFAULT_RETRY, RetryableError, RetryPolicy, withRetry } from './retry';
import { header, readBody, redactUrl, Scheme, SendOptions, throwIfRetryable, Transport } from './transport';

/** Progress of one blob transfer. */
export interface ProgressEvent {
  phase: 'hash' | 'upload' | 'download' | 'exists' | 'mounted' | 'manifest';
  digest: string;
  bytesDone: number;
  bytesTotal: number;
}
export type ProgressListener = (event: ProgressEvent) => void;

/** A blob to push: size and digest known, bytes re-readable from disk or memory. */
export interface BlobSource {
  digest: string;
  size: number;
  /** Opens the byte range [start, end) of the blob. */
  open(start: number, end: number): Readable;
}

export function fileBlob(file: string, digest: string, size: number): BlobSource {
  return { digest, size, open: (start, end) => createReadStream(file, { start, end: end - 1, highWaterMark: STREAM_CHUNK }) };
}

export function bufferBlob(bytes: Buffer, digest: string): BlobSource {
  return { digest, size: bytes.length, open: (start, end) => Readable.from([bytes.subarray(start, end)]) };
}

/** WASMCLOUD_OCI_ALLOWED_INSECURE and --insecure are the only ways to plain HTTP. */
export function schemeFor(registry: string, insecure: boolean | undefined, env: NodeJS.ProcessEnv): Scheme {
  if (insecure) return 'http';
  const allowed = (env.WASMCLOUD_OCI_ALLOWED_INSECURE ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  return allowed.includes(registry.toLowerCase()) ? 'http' : 'https';
}

export interface RegistryClientOptions {
  registry: string;
  scheme: Scheme;
  credentials?: Credentials;
  transport: Transport;
  retry?: RetryPolicy;
  /** Blobs up to this size go in one PUT; larger ones are streamed in PATCH requests. */
  monolithicMax?: number;
  /**
   * Bytes per PATCH. Default: the whole blob in one streamed PATCH, as go-containerregistry and
   * skopeo send it (each extra request costs a round trip and a registry-side state save); set it
   * for a registry or proxy that caps request bodies.
   */
  chunkSize?: number;
  onRetry?: (info: { what: string; attempt: number; delayMs: number; reason: string }) => void;
}

/** The smallest PATCH the 413 fallback goes down to. */
const MIN_CHUNK = 1 << 20;

const MANIFEST_ACCEPT = [MANIFEST_OCI, MANIFEST_DOCKER_V2, INDEX_OCI].join(', ');

/** A Docker-Content-Digest worth believing (anything else is hashed from the manifest bytes). */
const DIGEST = /^(sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$/;

/** The distribution-spec operations we need, with auth, retries and redirects. */
export class RegistryClient {
  readonly registry: string;
  private readonly base: string;
  private readonly auth: AuthSession;
  private readonly retry: RetryPolicy;
  private readonly transport: Transport;
  private pinged?: Promise<void>;
  /** The ping has answered: every request from now on carries what it learned. */
  private pingAnswered = false;
  readonly monolithicMax: number;
  /** Lowered for the rest of the session when the registry refuses a PATCH as too large (413). */
  chunkSize: number;
  /**
   * Upload sessions opened and not yet finished or cancelled, by session path, with the latest
   * Location (its state parameter changes with every PATCH): what a failure, or a signal, cancels.
   */
  private readonly openSessions = new Map<string, { repo: string; url: URL }>();
  /** Sessions whose DELETE is under way. */
  private readonly cancelling = new Set<string>();
  private releaseInterrupt?: () => void;
  /** Ends every upload body in flight, cleanly, when the process is interrupted. */
  private readonly interrupted = new AbortController();
  /** Set when the registry answered a chunked PATCH with 411: bodies then carry Content-Length. */
  private lengthRequired = false;

  constructor(private readonly opts: RegistryClientOptions) {
    this.registry = opts.registry;
    // Docker Hub's API lives on registry-1.docker.io, not on the name references use.
    const host = opts.registry === 'docker.io' ? 'registry-1.docker.io' : opts.registry;
    this.base = `${opts.scheme}://${host}`;
    this.transport = opts.transport;
    this.auth = new AuthSession(opts.registry, opts.credentials, opts.transport, opts.scheme);
    this.retry = opts.retry ?? DEFAULT_RETRY;
    this.monolithicMax = opts.monolithicMax ?? 8 << 20;
    this.chunkSize = opts.chunkSize ?? Number.MAX_SAFE_INTEGER;
  }

  private url(pathOrUrl: string): URL {
    return new URL(pathOrUrl, this.base);
  }

  /** GET /v2/ once, so the first real request already carries the right Authorization. */
  private ping(): Promise<void> {
    // Shared, so requests started together (config and layer uploads) ask once; a failed ping is
    // asked again by the next request.
    if (!this.pinged) {
      this.pinged = this.pingOnce();
      this.pinged.catch(() => (this.pinged = undefined));
    }
    return this.pinged;
  }

  private async pingOnce(): Promise<void> {
    await withRetry(
      `GET ${this.base}/v2/`,
      this.retry,
      async () => {
        const res = await this.transport.send({ method: 'GET', url: this.url('/v2/') });
        await throwIfRetryable(res, `GET /v2/ on ${this.registry}`, this.transport.secrets);
        if (res.statusCode === 400 && this.opts.scheme === 'http') {
          const text = (await readBody(res, 64 << 10).catch(() => Buffer.alloc(0))).toString();
          if (/https/i.test(text)) {
            throw new OciError(
              `${this.registry} serves HTTPS, not plain HTTP: drop --insecure (and remove it from WASMCLOUD_OCI_ALLOWED_INSECURE); pass --ca-file if its certificate is self-signed`,
            );
          }
        }
        res.resume();
        if (res.statusCode === 401) this.auth.learn(res, []);
        else if (res.statusCode === 404) throw new RegistryError(`${this.registry} does not implement the OCI distribution API (GET /v2/ answered 404)`, 404);
      },
      this.opts.onRetry,
    );
    this.pingAnswered = true;
  }

  /**
   * Sends one request with auth; on 401 learns the challenge and re-sends once. Retryable statuses
   * throw RetryableError for the caller's retry loop, which wraps a whole idempotent step.
   */
  private async request(what: string, scopes: string[], send: Omit<SendOptions, 'url'> & { url: URL }): Promise<IncomingMessage> {
    // Until the ping has answered, a request without a body goes out alongside it rather than after
    // it: a push to an anonymous registry saves a round trip. The ping's verdict (HTTPS spoken to
    // as HTTP, not a registry) still comes first; a 401 is dropped and the request sent again with
    // what the ping learned, exactly as if it had waited.
    const early = !this.pingAnswered && send.body === undefined ? this.transport.send(send) : undefined;
    early?.catch(() => undefined);
    try {
      await this.ping();
    } catch (err) {
      void early?.then(
        (res) => res.resume(),
        () => undefined,
      );
      throw err;
    }
    if (early) {
      const res = await early;
      if (res.statusCode !== 401) {
        await throwIfRetryable(res, what, this.transport.secrets);
        return res;
      }
      res.resume();
    }
    // Credentials only for the registry's own origin (credential-scope.ts): an upload Location or
    // redirect elsewhere is a storage service with its own authorisation in the URL.
    const ours = mayCarryCredentials(send.url, this.base);
    for (let authTry = 0; ; authTry++) {
      const authorization = ours ? await this.auth.authorization(scopes) : undefined;
      const res = await this.transport.send({ ...send, headers: { ...send.headers, ...(authorization ? { authorization } : {}) } });
      if (res.statusCode === 401) {
        res.resume();
        if (!ours)
          throw new AuthError(`${send.url.host}, where ${this.registry} sent the request, asks for credentials; they are sent only to ${this.registry} itself`);
        const learned = this.auth.learn(res, scopes);
        if (authTry === 0 && (learned || !authorization)) continue;
        throw authorization ? this.auth.rejected() : this.auth.missing();
      }
      await throwIfRetryable(res, what, this.transport.secrets);
      return res;
    }
  }

  private async fail(res: IncomingMessage, what: string): Promise<never> {
    const body = await readBody(res, 64 << 10).catch(() => Buffer.alloc(0));
    // Only the distribution error codes and messages, escaped and without credentials (error-body.ts).
    const detail = describeErrorBody(body, this.transport.secrets);
    if (res.statusCode === 403) throw new RegistryError(`${what}: ${this.registry} denied access (403)${detail ? `: ${detail}` : ''}`, 403, errorCodes(body));
    throw new RegistryError(`${what}: ${this.registry} answered ${res.statusCode}${detail ? `: ${detail}` : ''}`, res.statusCode, errorCodes(body));
  }

  /** HEAD the blob: does this repository already have it? */
  async blobExists(repo: string, digest: string): Promise<boolean> {
    return withRetry(
      `HEAD blob ${digest}`,
      this.retry,
      async () => {
        const res = await this.request(`HEAD blob ${digest}`, [pushScope(repo)], { method: 'HEAD', url: this.url(`/v2/${repo}/blobs/${digest}`) });
        res.resume();
        if (res.statusCode === 200) return true;
        if (res.statusCode === 404) return false;
        return this.fail(res, `HEAD blob ${digest}`);
      },
      this.opts.onRetry,
    );
  }

  /**
   * Tries a cross-repository mount. Returns true if mounted; otherwise the registry has opened an
   * ordinary upload session, whose URL is returned for the upload to use.
   */
  async mountBlob(repo: string, digest: string, from: string): Promise<true | URL> {
    return withRetry(
      `mount blob ${digest} from ${from}`,
      this.retry,
      async () => {
        const url = this.url(`/v2/${repo}/blobs/uploads/`);
        url.searchParams.set('mount', digest);
        url.searchParams.set('from', from);
        const res = await this.request(`mount blob ${digest}`, [pushScope(repo), `repository:${from}:pull`], { method: 'POST', url });
        if (res.statusCode !== 201 && res.statusCode !== 202) return this.fail(res, `mount blob ${digest} from ${from}`);
        res.resume();
        return res.statusCode === 201 ? true : this.track(repo, this.location(res));
      },
      this.opts.onRetry,
    );
  }

  /** Records an open upload session (or its newer Location); cancelled on failure or a signal. */
  private track(repo: string, url: URL): URL {
    this.openSessions.set(sessionKey(url), { repo, url });
    // A Ctrl-C or SIGTERM mid-push cancels the sessions instead of leaving them to the registry's purge.
    this.releaseInterrupt ??= onInterrupt(() => this.interrupt());
    return url;
  }

  /**
   * On a signal: end the upload bodies in flight (their sessions are then cancelled by the failing
   * upload, with the state the registry answers), wait briefly for that, and cancel the rest.
   */
  private async interrupt(): Promise<void> {
    this.interrupted.abort();
    for (let waited = 0; this.openSessions.size > 0 && waited < 4000; waited += 25) await new Promise((r) => setTimeout(r, 25));
    await this.cancelOpenUploads();
  }

  private untrack(url: URL): void {
    this.openSessions.delete(sessionKey(url));
    if (this.openSessions.size === 0) {
      this.releaseInterrupt?.();
      this.releaseInterrupt = undefined;
    }
  }

  /** The newest Location of the session `url` belongs to. */
  private latest(url: URL): URL {
    return this.openSessions.get(sessionKey(url))?.url ?? url;
  }

  /** Cancels every session still open (a push that failed, or was interrupted). */
  async cancelOpenUploads(): Promise<void> {
    await Promise.all([...this.openSessions.values()].map((s) => this.cancelUpload(s.repo, s.url)));
  }

  private location(res: IncomingMessage): URL {
    const loc = header(res, 'location');
    if (!loc) throw new RegistryError(`${this.registry} opened an upload without a Location header`);
    return this.followable(loc, 'an upload Location');
  }

  /**
   * A Location the registry sent (upload session, redirect): http(s) only, and never down from
   * https to plain http, where the artifact or its download could be read or changed on the way.
   */
  private followable(loc: string, what: string): URL {
    let url: URL;
    try {
      url = new URL(loc, this.url('/'));
    } catch {
      throw new RegistryError(`${this.registry} sent ${what} that is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new RegistryError(`${this.registry} sent ${what} with scheme '${url.protocol}' (only http and https are followed)`);
    }
    if (url.protocol === 'http:' && this.opts.scheme === 'https') {
      throw new RegistryError(`${this.registry} sent ${what} over plain http (${redactUrl(url)}); refusing to leave https`);
    }
    return url;
  }

  async startUpload(repo: string): Promise<URL> {
    const res = await this.request('start blob upload', [pushScope(repo)], { method: 'POST', url: this.url(`/v2/${repo}/blobs/uploads/`) });
    if (res.statusCode !== 202) return this.fail(res, `start blob upload to ${repo}`);
    res.resume();
    return this.track(repo, this.location(res));
  }

  /**
   * Uploads a blob: one PUT for small blobs, PATCH chunks then a closing PUT for large ones. A try
   * that fails part-way starts a fresh upload session (a half-written session's state cannot be
   * trusted after a dropped connection), so every retry is a complete, idempotent step.
   */
  async uploadBlob(repo: string, blob: BlobSource, onProgress?: ProgressListener, session?: URL): Promise<void> {
    let opened = session;
    await withRetry(
      `upload blob ${blob.digest}`,
      this.retry,
      async () => {
        const location = opened ?? (await this.startUpload(repo));
        opened = undefined;
        try {
          if (blob.size > this.monolithicMax) {
            const last = await this.sendChunks(repo, location, blob.size, (a, b) => blob.open(a, b), blob.digest, onProgress);
            await this.finishUpload(repo, last, blob.digest);
          } else {
            await this.finishUpload(repo, location, blob.digest, blob, onProgress);
          }
        } catch (err) {
          // A try that failed leaves nothing open: the retry starts a fresh session.
          await this.cancelUpload(repo, this.latest(location));
          throw err;
        }
      },
      this.opts.onRetry,
    );
  }

  /**
   * Streams `size` bytes whose digest is not known yet into a new upload session, in PATCH chunks,
   * and returns the session URL for finishUpload once the digest is known. Retried as a whole.
   * The abort signal cancels it (the blob turned out to exist, or the artifact failed validation).
   */
  async uploadUnfinished(
    repo: string,
    size: number,
    open: (start: number, end: number) => NodeJS.ReadableStream,
    onProgress?: ProgressListener,
    signal?: AbortSignal,
  ): Promise<URL> {
    return withRetry(
      `upload of ${size} bytes`,
      this.retry,
      async () => {
        if (signal?.aborted) throw new OciError('upload cancelled');
        const location = await this.startUpload(repo);
        try {
          return await this.sendChunks(repo, location, size, open, '', onProgress, signal);
        } catch (err) {
          await this.cancelUpload(repo, this.latest(location));
          throw err;
        }
      },
      this.opts.onRetry,
      signal,
    );
  }

  /**
   * Best-effort cancel (DELETE) of an upload session we will not finish. The session counts as
   * open until the registry has answered, so an interrupted process waits for the answer.
   */
  async cancelUpload(repo: string, location: URL): Promise<void> {
    const url = this.latest(location);
    const key = sessionKey(url);
    if (this.cancelling.has(key)) return;
    this.cancelling.add(key);
    try {
      const res = await this.request('cancel upload', [pushScope(repo)], { method: 'DELETE', url });
      res.resume();
    } catch {
      // the registry purges abandoned sessions itself
    } finally {
      this.cancelling.delete(key);
      this.untrack(url);
    }
  }

  private async sendChunks(
    repo: string,
    location: URL,
    size: number,
    open: (start: number, end: number) => NodeJS.ReadableStream,
    label: string,
    onProgress?: ProgressListener,
    signal?: AbortSignal,
  ): Promise<URL> {
    let done = 0;
    // A cancelled upload (validation failed, blob found elsewhere) or a signal ends the body early
    // and cleanly, so the registry still answers with the session's state and it can be deleted.
    const stop = signal ? AbortSignal.any([signal, this.interrupted.signal]) : this.interrupted.signal;
    for (let start = 0; start < size; start += this.chunkSize) {
      const end = Math.min(size, start + this.chunkSize);
      const res = await this.request(`upload chunk of ${label || 'blob'}`, [pushScope(repo)], {
        method: 'PATCH',
        url: location,
        headers: { 'content-type': 'application/octet-stream', 'content-range': `${start}-${end - 1}` },
        body: { length: end - start, open: () => open(start, end) as Readable },
        onBodyBytes: (n) => {
          done += n;
          onProgress?.({ phase: 'upload', digest: label, bytesDone: done, bytesTotal: size });
        },
        ...(this.lengthRequired ? { signal } : { stop }),
      });
      if (res.statusCode === 411 && !this.lengthRequired) {
        // A registry or proxy that wants Content-Length on every body: the try starts again with it.
        res.resume();
        this.lengthRequired = true;
        throw new RetryableError(`${this.registry} requires Content-Length on uploads (411)`, 0);
      }
      if (stop.aborted) {
        if (res.statusCode === 202 || res.statusCode === 204) this.track(repo, this.location(res));
        res.resume();
        throw new OciError(this.interrupted.signal.aborted ? 'upload interrupted' : 'upload cancelled');
      }
      if (res.statusCode === 413 && end - start > MIN_CHUNK) {
        // A registry or proxy capping request bodies: the whole try starts again in smaller chunks.
        res.resume();
        this.chunkSize = Math.max(MIN_CHUNK, Math.floor((end - start) / 4));
        throw new RetryableError(`${this.registry} refused a ${end - start}-byte PATCH as too large (413); sending ${this.chunkSize}-byte chunks`, 0);
      }
      if (res.statusCode !== 202 && res.statusCode !== 204) return this.fail(res, `upload chunk ${start}-${end - 1}${label ? ` of ${label}` : ''}`);
      res.resume();
      location = this.track(repo, this.location(res));
    }
    return location;
  }

  /** The closing PUT ?digest=…, carrying the whole blob when `body` is given (monolithic upload). */
  async finishUpload(repo: string, location: URL, digest: string, body?: BlobSource, onProgress?: ProgressListener): Promise<void> {
    const put = new URL(location);
    put.searchParams.set('digest', digest);
    let done = 0;
    const res = await this.request(`finish upload of ${digest}`, [pushScope(repo)], {
      method: 'PUT',
      url: put,
      headers: { 'content-type': 'application/octet-stream' },
      body: body ? { length: body.size, open: () => body.open(0, body.size) } : Buffer.alloc(0),
      onBodyBytes: body
        ? (n) => {
            done += n;
            onProgress?.({ phase: 'upload', digest, bytesDone: done, bytesTotal: body.size });
          }
        : undefined,
    });
    if (res.statusCode === 400) {
      const text = (await readBody(res, 64 << 10).catch(() => Buffer.alloc(0))).toString();
      if (/DIGEST_INVALID/.test(text))
        throw new DigestMismatchError(`${this.registry} computed a different digest than ${digest}: the file changed while it was being pushed`);
      const detail = describeErrorBody(text, this.transport.secrets);
      throw new RegistryError(`finish upload of ${digest}: ${this.registry} answered 400${detail ? `: ${detail}` : ''}`, 400);
    }
    if (res.statusCode !== 201 && res.statusCode !== 204) return this.fail(res, `finish upload of ${digest}`);
    res.resume();
    this.untrack(location);
  }

  async putManifest(repo: string, reference: string, bytes: Buffer, mediaType: string): Promise<string | undefined> {
    return withRetry(
      `PUT manifest ${repo}:${reference}`,
      this.retry,
      async () => {
        const res = await this.request(`PUT manifest`, [pushScope(repo)], {
          method: 'PUT',
          url: this.url(`/v2/${repo}/manifests/${reference}`),
          headers: { 'content-type': mediaType },
          body: bytes,
        });
        if (res.statusCode !== 201 && res.statusCode !== 200 && res.statusCode !== 202) return this.fail(res, `PUT manifest ${repo}:${reference}`);
        res.resume();
        return header(res, 'docker-content-digest');
      },
      this.opts.onRetry,
    );
  }

  /**
   * The digest of the manifest `reference` (a tag) names now, or undefined when there is none
   * (404). Asked with the push scope, so a push reuses the token its uploads get. A registry that
   * answers the HEAD without a well-formed Docker-Content-Digest is asked for the bytes, which are
   * hashed: the digest is what `repo@<digest>` resolves to.
   */
  async manifestDigest(repo: string, reference: string): Promise<string | undefined> {
    const found = await withRetry<{ exists: boolean; digest?: string }>(
      `HEAD manifest ${repo}:${reference}`,
      this.retry,
      async () => {
        const res = await this.request('HEAD manifest', [pushScope(repo)], {
          method: 'HEAD',
          url: this.url(`/v2/${repo}/manifests/${reference}`),
          headers: { accept: MANIFEST_ACCEPT },
        });
        if (res.statusCode !== 200 && res.statusCode !== 404) return this.fail(res, `HEAD manifest ${repo}:${reference}`);
        res.resume();
        if (res.statusCode === 404) return { exists: false };
        return { exists: true, digest: header(res, 'docker-content-digest') };
      },
      this.opts.onRetry,
    );
    if (!found.exists) return undefined;
    if (found.digest && DIGEST.test(found.digest)) return found.digest;
    return sha256Digest((await this.getManifest(repo, reference)).bytes);
  }

  async getManifest(repo: string, reference: string): Promise<{ bytes: Buffer; mediaType?: string; headerDigest?: string }> {
    return withRetry(
      `GET manifest ${repo}:${reference}`,
      this.retry,
      async () => {
        const res = await this.request('GET manifest', [pullScope(repo)], {
          method: 'GET',
          url: this.url(`/v2/${repo}/manifests/${reference}`),
          headers: { accept: MANIFEST_ACCEPT },
        });
        if (res.statusCode === 404) {
          res.resume();
          throw new RegistryError(`${this.registry}/${repo}:${reference} not found (manifest unknown)`, 404);
        }
        if (res.statusCode !== 200) return this.fail(res, `GET manifest ${repo}:${reference}`);
        const bytes = await readBody(res, 4 << 20);
        return { bytes, mediaType: header(res, 'content-type'), headerDigest: header(res, 'docker-content-digest') };
      },
      this.opts.onRetry,
    );
  }

  /**
   * Streams a blob into `out` (opened fresh per try by the caller-supplied factory), checking size
   * and digest as the bytes pass. Follows redirects to blob storage without our Authorization.
   */
  async downloadBlob(repo: string, digest: string, size: number, openOut: () => NodeJS.WritableStream, onProgress?: ProgressListener): Promise<void> {
    await withRetry(
      `GET blob ${digest}`,
      this.retry,
      async () => {
        let res = await this.request(`GET blob ${digest}`, [pullScope(repo)], { method: 'GET', url: this.url(`/v2/${repo}/blobs/${digest}`) });
        for (let hops = 0; res.statusCode && [301, 302, 303, 307, 308].includes(res.statusCode); hops++) {
          res.resume();
          if (hops >= 5) throw new RegistryError(`GET blob ${digest}: too many redirects`);
          const next = this.followable(header(res, 'location') ?? '', 'a blob redirect');
          // Presigned storage URLs carry their own auth; request() sends ours only to the registry itself.
          res = await this.request(`GET blob ${digest}`, [pullScope(repo)], { method: 'GET', url: next });
        }
        if (res.statusCode === 404) {
          res.resume();
          throw new RegistryError(`blob ${digest} not found in ${this.registry}/${repo}`, 404);
        }
        if (res.statusCode !== 200) return this.fail(res, `GET blob ${digest}`);
        const announced = Number(header(res, 'content-length'));
        if (Number.isFinite(announced) && announced > size) {
          res.destroy();
          throw new DigestMismatchError(`blob ${digest} from ${this.registry} is ${announced} bytes, its descriptor declares ${size}`);
        }
        await verifyStream(res, openOut(), digest, size, (done) => onProgress?.({ phase: 'download', digest, bytesDone: done, bytesTotal: size }));
      },
      this.opts.onRetry,
    );
  }
}

/** Pipes `input` to `out`, failing if the bytes do not hash to `digest` or differ in length. */
export async function verifyStream(
  input: NodeJS.ReadableStream,
  out: NodeJS.WritableStream,
  digest: string,
  size: number | undefined,
  onBytes?: (done: number) => void,
): Promise<void> {
  const [algorithm, expectedHex] = digest.split(':');
  if (algorithm !== 'sha256' && algorithm !== 'sha512' && algorithm !== 'sha384') throw new OciError(`unsupported digest algorithm in ${digest}`);
  const hash = createHash(algorithm);
  let done = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      done += chunk.length;
      if (size !== undefined && done > size) return cb(new DigestMismatchError(`blob ${digest} is larger than the ${size} bytes its descriptor declares`));
      hash.update(chunk);
      onBytes?.(done);
      cb(null, chunk);
    },
  });
  await pipeline(input, meter, out);
  if (size !== undefined && done !== size) throw new DigestMismatchError(`blob ${digest} has ${done} bytes, its descriptor declares ${size}`);
  const actual = hash.digest('hex');
  if (actual !== expectedHex) throw new DigestMismatchError(`content does not match its digest: expected ${digest}, got ${algorithm}:${actual}`);
}

/** An upload session's identity: its path (the query carries state that changes with each PATCH). */
function sessionKey(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

export function pushScope(repo: string): string {
  return `repository:${repo}:pull,push`;
}
export function pullScope(repo: string): string {
  return `repository:${repo}:pull`;
}
