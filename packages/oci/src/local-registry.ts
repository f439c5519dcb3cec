import type { ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { OciError } from './errors';
import type { freePort as FreePort } from './free-port';

// Loaded when a registry is started: the push and pull paths, which share this package's entry
// point, never spawn one and need not load them.
const freePort: typeof FreePort = (host) => (require('./free-port') as typeof import('./free-port')).freePort(host);
const childProcess = () => require('node:child_process') as typeof import('node:child_process');
const http = () => require('node:http') as typeof import('node:http');
const https = () => require('node:https') as typeof import('node:https');

export interface LocalRegistryOptions {
  /** Loopback by default: a test registry must not be reachable from the network. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Where blobs are stored; a temp dir (removed by stop()) when omitted. */
  storageDir?: string;
  /** Serve HTTPS with this certificate and key (PEM files). */
  tls?: { certFile: string; keyFile: string };
  /** Require Basic auth checked against this bcrypt htpasswd file. */
  htpasswd?: string;
  /** Require Bearer tokens from a token service (Distribution `auth.token`). */
  tokenAuth?: TokenAuthConfig;
  /** The Distribution binary; defaults to /usr/bin/docker-registry, then `registry` on PATH. */
  binary?: string;
  /** How long to wait for GET /v2/ to answer (ms). */
  readyTimeoutMs?: number;
}

export interface TokenAuthConfig {
  realm: string;
  service: string;
  issuer: string;
  /** PEM certificate(s) whose keys sign the tokens. */
  rootCertBundle: string;
}

export interface LocalRegistry {
  /** `host:port`, the form OCI references use. */
  url: string;
  port: number;
  host: string;
  /** `http` or `https`. */
  scheme: 'http' | 'https';
  storageDir: string;
  /** Stops the registry and waits until the process has exited. Idempotent. */
  stop(): Promise<void>;
}

const STDERR_TAIL_LINES = 20;

/** Finds the Distribution registry binary, or explains how to install it. */
export function findRegistryBinary(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = ['/usr/bin/docker-registry'];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    candidates.push(join(dir, 'docker-registry'), join(dir, 'registry'));
  }
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new OciError(
    'no OCI registry binary found (looked for /usr/bin/docker-registry and docker-registry/registry on PATH): install the Debian package docker-registry (tools/ensure-system-deps.sh)',
  );
}

/** Distribution's YAML config; JSON is valid YAML, so no YAML writer is needed. */
export function registryConfig(opts: {
  host: string;
  port: number;
  storageDir: string;
  tls?: LocalRegistryOptions['tls'];
  htpasswd?: string;
  tokenAuth?: TokenAuthConfig;
}): string {
  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: 'info', accesslog: { disabled: true }, formatter: 'text' },
    storage: {
      filesystem: { rootdirectory: opts.storageDir },
      delete: { enabled: true },
      // Without this, Distribution caches blob descriptors in memory and a test that deletes
      // storage behind its back would see stale answers.
      cache: { blobdescriptor: '' },
    },
    http: {
      addr: `${opts.host}:${opts.port}`,
      ...(opts.tls ? { tls: { certificate: opts.tls.certFile, key: opts.tls.keyFile } } : {}),
      headers: { 'X-Content-Type-Options': ['nosniff'] },
    },
  };
  if (opts.htpasswd) config.auth = { htpasswd: { realm: 'nx-wasmcloud-test', path: opts.htpasswd } };
  else if (opts.tokenAuth) {
    const t = opts.tokenAuth;
    config.auth = { token: { realm: t.realm, service: t.service, issuer: t.issuer, rootcertbundle: t.rootCertBundle } };
  }
  return JSON.stringify(config, null, 2) + '\n';
}

/**
 * Runs a real Distribution registry on loopback for tests, executors and benchmarks: writes its
 * config to a temp dir, picks a free port (retrying if another process takes it first), waits until
 * GET /v2/ answers (any status: 401 from an auth-enabled registry counts as up) and returns a handle
 * whose stop() kills the process and waits for its exit.
 */
export async function startLocalRegistry(options: LocalRegistryOptions = {}): Promise<LocalRegistry> {
  const host = options.host ?? '127.0.0.1';
  const binary = options.binary ?? findRegistryBinary();
  const attempts = options.port ? 1 : 5;
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await startOnce(binary, host, options.port || (await freePort(host)), options);
    } catch (err) {
      lastError = err;
      if (!(err instanceof PortTakenError)) throw err;
    }
  }
  throw lastError;
}

class PortTakenError extends OciError {}

async function startOnce(binary: string, host: string, port: number, options: LocalRegistryOptions): Promise<LocalRegistry> {
  const workDir = mkdtempSync(join(tmpdir(), 'nx-wasmcloud-registry-'));
  const storageDir = options.storageDir ?? join(workDir, 'storage');
  const configFile = join(workDir, 'config.yml');
  writeFileSync(configFile, registryConfig({ host, port, storageDir, tls: options.tls, htpasswd: options.htpasswd, tokenAuth: options.tokenAuth }));

  // REGISTRY_* variables override the config file; a stray one in the caller's env must not.
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('REGISTRY_')) env[k] = v;
  const child = childProcess().spawn(binary, ['serve', configFile], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const stderrLines: string[] = [];
  let partial = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    stderrLines.push(...lines);
    if (stderrLines.length > 200) stderrLines.splice(0, stderrLines.length - 200);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null)));
    child.once('error', (err) => {
      stderrLines.push(String(err));
      resolve(-1);
    });
  });
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));

  const cleanup = () => rmSync(workDir, { recursive: true, force: true });
  const tail = () => [...stderrLines, partial].filter(Boolean).slice(-STDERR_TAIL_LINES).join('\n');
  const scheme = options.tls ? 'https' : 'http';
  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);

  for (;;) {
    if (exitCode !== undefined) {
      cleanup();
      const text = tail();
      if (/address already in use/i.test(text)) throw new PortTakenError(`port ${port} on ${host} is already in use; its stderr:\n${text}`);
      throw new OciError(`docker registry (${binary}) exited with code ${exitCode} before answering; its stderr:\n${text}`);
    }
    if (await answers(scheme, host, port)) break;
    if (Date.now() > deadline) {
      await kill(child, exited);
      cleanup();
      throw new OciError(
        `docker registry (${binary}) did not answer GET ${scheme}://${host}:${port}/v2/ within ${options.readyTimeoutMs ?? 20_000} ms; its stderr:\n${tail()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  // If our process ends without stop() (a crashed executor, Ctrl-C), the registry goes with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stopping: Promise<void> | undefined;
  return {
    url: `${host}:${port}`,
    port,
    host,
    scheme,
    storageDir,
    stop: () =>
      (stopping ??= (async () => {
        process.removeListener('exit', killOnExit);
        await kill(child, exited);
        // The work dir holds only our config (and our own storage); a caller's storageDir lies outside it and is kept.
        cleanup();
      })()),
  };
}

async function kill(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function answers(scheme: string, host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = (scheme === 'https' ? https().request : http().request)(
      // A liveness probe of our own child on loopback: whether its certificate chains to a CA the
      // caller trusts is the client's business, not the probe's.
      { host, port, path: '/v2/', method: 'GET', timeout: 1000, agent: false, rejectUnauthorized: false },
      (res) => {
        res.resume();
        resolve(true);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
