import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@nx-wasmcloud/oci';
import { HostUserError } from '../errors';

export interface NatsServerOptions {
  /** JetStream on (the object store for chunked payloads needs it); default true. */
  jetstream?: boolean;
  /** Loopback port; default a free one. */
  port?: number;
  /** The binary; default `nats-server` on PATH (Debian installs it in /usr/sbin). */
  binary?: string;
  /** How long to wait for the port to accept connections; default 10 s. */
  readyTimeoutMs?: number;
}

export interface NatsServer {
  /** nats://127.0.0.1:<port> */
  url: string;
  /** 127.0.0.1:<port>, as wasmCloud's lattice_rpc_url wants it. */
  hostPort: string;
  port: number;
  pid: number;
  /** Kills the server and removes its data directory; idempotent. */
  stop(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tcpConnect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

const PATH_WITH_SBIN = [process.env.PATH ?? '', '/usr/sbin', '/usr/local/sbin', '/sbin'].join(':');

/**
 * Starts a private nats-server on a loopback port (`nats-server -a 127.0.0.1 -p <port> -js -sd <dir>`),
 * for tests, `up` and the provider test target. Only loopback: nothing is exposed.
 */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServer> {
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'nx-wasmcloud-nats-'));
  const args = ['-a', '127.0.0.1', '-p', String(port)];
  if (options.jetstream ?? true) args.push('-js', '-sd', dir);
  const binary = options.binary ?? 'nats-server';
  let child: ChildProcess;
  const stderr: string[] = [];
  try {
    child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: PATH_WITH_SBIN, HOME: dir } });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  // Readiness is the server's own "Server is ready" line: probing the port could reach another
  // process that already holds it.
  let ready = false;
  child.stderr?.on('data', (d: Buffer) => {
    const text = d.toString();
    if (stderr.length < 50) stderr.push(text);
    if (text.includes('Server is ready')) ready = true;
  });
  let exited: { code: number | null; error?: NodeJS.ErrnoException } | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      exited = { code: null, error };
      resolve();
    });
    child.once('exit', (code) => {
      exited ??= { code };
      resolve();
    });
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      child.kill('SIGKILL');
      await exit;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 10000);
  for (;;) {
    if (exited) {
      await stop();
      if (exited.error?.code === 'ENOENT')
        throw new HostUserError(`${binary} was not found: install the Debian package nats-server (tools/ensure-system-deps.sh) or give --nats-url`);
      throw new HostUserError(
        `${binary} exited (code ${exited.code}) before accepting connections on 127.0.0.1:${port}: ${stderr.join('').trim().split('\n').pop() ?? ''}`,
      );
    }
    if (ready && (await accepts(port))) break;
    if (Date.now() > deadline) {
      await stop();
      throw new HostUserError(`${binary} did not accept connections on 127.0.0.1:${port} within ${options.readyTimeoutMs ?? 10000} ms`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `nats://127.0.0.1:${port}`, hostPort: `127.0.0.1:${port}`, port, pid: child.pid!, stop };
}
