import { getHosts, up, UpHandle } from '@nx-wasmcloud/host';
import { LocalRegistry, startLocalRegistry } from '@nx-wasmcloud/oci';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { PluginUserError } from '../../utils/user-error';
import { isLoopbackRegistry } from '../shared/loopback';

export interface DevRuntime {
  /** What dev started (host, nats-server, dashboard, registry), one line each; empty when all ran. */
  lines: string[];
  /** Stops only what this dev started. */
  stop(): Promise<void>;
}

function hostPort(address: string): { host: string; port: number } {
  const m = /^(?:nats:\/\/)?(\[[^\]]+\]|[^:/]+):(\d+)$/.exec(address);
  if (!m) throw new PluginUserError(`natsUrl ${address}: expected host:port`);
  return { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port, timeout: 500 }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.on('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

async function registryAnswers(registry: string): Promise<boolean> {
  try {
    const r = await fetch(`http://${registry}/v2/`, { signal: AbortSignal.timeout(1000) });
    return r.status === 200 || r.status === 401;
  } catch {
    return false;
  }
}

export interface EnsureOptions {
  workspaceRoot: string;
  natsUrl: string;
  lattice: string;
  /** The session's push registries; each loopback one that does not answer is started. */
  registries: string[];
  dashboardPort: number;
  log: (line: string) => void;
}

/**
 * The lattice dev deploys into: a host that answers ping on natsUrl/lattice is used as it is;
 * otherwise one starts in this process as `nx run <ws>:host` would (nats-server on natsUrl's loopback
 * port when nothing listens there, the host, the dashboard). A loopback push registry that does not
 * answer is started too (as the workspace `registry` target, same storage), so a first `dev` on a
 * fresh checkout needs nothing else running.
 */
export async function ensureRuntime(o: EnsureOptions): Promise<DevRuntime> {
  return withLock(join(o.workspaceRoot, '.wasmcloud/dev-runtime.lock'), () => ensureUnlocked(o));
}

function alive(pid: number): boolean {
  if (!pid) return true; // the holder has not written its pid yet
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid in a lock file (0 while its holder has not written it yet); undefined when it is gone. */
function holderOf(file: string): number | undefined {
  try {
    return Number(readFileSync(file, 'utf8')) || 0;
  } catch {
    return undefined;
  }
}

/**
 * Runs `fn` while holding `file` (created exclusively, holding our pid): `nx run-many -t dev` starts
 * one dev per actor at once, and without it each would see no host and start its own registry and
 * nats-server on the same ports. The others wait, then find them answering. A holder that died
 * leaves a file whose pid is gone: taken over.
 */
export async function withLock<T>(file: string, fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  mkdirSync(dirname(file), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = holderOf(file);
      if (holder === undefined) continue; // removed meanwhile: try again
      if (!alive(holder)) {
        rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new PluginUserError(`${file}: process ${holder} has been starting the dev host for ${timeoutMs / 1000} s; stop it or delete the file`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}

async function ensureUnlocked(o: EnsureOptions): Promise<DevRuntime> {
  const started: { stop(): Promise<void> }[] = [];
  const lines: string[] = [];
  const stop = async () => {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
  };
  try {
    for (const reg of o.registries) {
      if (!isLoopbackRegistry(reg) || (await registryAnswers(reg))) continue;
      const { host, port } = hostPort(reg.replace(/^localhost:/, '127.0.0.1:'));
      const storageDir = join(o.workspaceRoot, '.wasmcloud/registry');
      const registry: LocalRegistry = await startLocalRegistry({ host, port, storageDir });
      started.push(registry);
      lines.push(`registry: ${registry.url} started (storage ${storageDir})`);
    }
    const nats = hostPort(o.natsUrl);
    const natsUp = await answers(nats.host, nats.port);
    if (natsUp && (await getHosts({ nats: o.natsUrl, lattice: o.lattice, timeoutMs: 1000 })).length) return { lines, stop };
    const loopback = o.registries.filter((r) => isLoopbackRegistry(r));
    const loopbackNats = nats.host === '127.0.0.1' || nats.host === 'localhost' || nats.host === '::1';
    if (!natsUp && !loopbackNats)
      throw new PluginUserError(`natsUrl ${o.natsUrl}: nothing answers there, and dev starts nats-server only on loopback; start it or pass --natsUrl`);
    const handle: UpHandle = await up({
      natsUrl: natsUp ? o.natsUrl : undefined,
      natsPort: natsUp ? undefined : nats.port,
      lattice: o.lattice,
      clusterSeed: process.env.WASMCLOUD_CLUSTER_SEED || undefined,
      // The host pulls what dev pushed: a loopback registry speaks plain HTTP.
      ociAllowedInsecure: loopback.length ? loopback : undefined,
      log: (e) => o.log(`${e.actor}: ${e.text}`),
      dashboard: { port: o.dashboardPort },
    });
    started.push(handle);
    lines.push(...handle.lines.slice(0, -1));
    return { lines, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
