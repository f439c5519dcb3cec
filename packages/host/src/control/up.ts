import { LatticeHost, LatticeHostOptions } from '../lattice/lattice-host';
import { NatsServer, startNatsServer } from '../lattice/nats-server';
import { allowedInsecureFromEnv } from '../oci-source';
import { ControlServer } from './control-server';
import { Dashboard, startDashboard } from '../dashboard/server';
import { LogTap } from '../dashboard/log-tap';

/** The text `up` prints once the host serves: the `host` Nx target's readyWhen.logMatches. */
export const UP_READY_TEXT = 'wasmCloud host ready';

export interface UpOptions extends Omit<LatticeHostOptions, 'natsUrl'> {
  /** An existing NATS server (`host:port` or `nats://…`); absent: a private nats-server on loopback. */
  natsUrl?: string;
  /** Loopback port of the nats-server `up` starts (wash up uses 4222); default a free one. */
  natsPort?: number;
  /** Reads WASMCLOUD_OCI_ALLOWED_INSECURE and WASMCLOUD_OCI_ALLOW_LATEST like a host; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Also serve the web dashboard on 127.0.0.1 (port 0: a free one); its URL goes into `lines`. */
  dashboard?: { port?: number };
}

export interface UpHandle {
  natsUrl: string;
  lattice: string;
  hostId: string;
  clusterIssuer: string;
  host: LatticeHost;
  control: ControlServer;
  /** The nats-server `up` started, when it started one. */
  natsServer?: NatsServer;
  /** The dashboard, when `options.dashboard` asked for one. */
  dashboard?: Dashboard;
  /** What `up` prints: NATS URL, lattice, host key, cluster issuer (never the seed), then the ready line. */
  lines: string[];
  /** Stops the control interface, the host (and with it every provider process), then nats-server; idempotent. */
  stop(): Promise<void>;
}

/**
 * `wash up` for this host: a nats-server on loopback with JetStream (data in a temp dir) unless a
 * NATS URL is given, then a LatticeHost serving the control interface.
 */
export async function up(options: UpOptions = {}): Promise<UpHandle> {
  const env = options.env ?? process.env;
  const natsServer = options.natsUrl ? undefined : await startNatsServer({ jetstream: true, port: options.natsPort });
  // Made before the host so actor logs reach the dashboard's log stream as well as options.log.
  const logTap = options.dashboard ? new LogTap({ forward: options.log }) : undefined;
  const log = logTap?.sink ?? options.log;
  let host: LatticeHost | undefined;
  let control: ControlServer | undefined;
  try {
    const { natsPort: _port, dashboard: _dashboard, ...hostOptions } = options;
    host = await LatticeHost.start({
      ...hostOptions,
      log,
      natsUrl: options.natsUrl ?? natsServer!.url,
      ociAllowedInsecure: options.ociAllowedInsecure ?? allowedInsecureFromEnv(env),
      allowLatest: options.allowLatest ?? env.WASMCLOUD_OCI_ALLOW_LATEST === 'true',
    });
    control = ControlServer.start(host, { ociCacheDir: options.ociCacheDir, env, log });
    await host.nats.flush();
    const dashboard = options.dashboard ? await startDashboard(host, { port: options.dashboard.port ?? 0, logTap }) : undefined;
    const natsUrl = natsServer?.url ?? host.natsUrl;
    const lines = [
      `NATS: ${natsUrl}${natsServer ? ' (nats-server started on loopback, JetStream on)' : ''}`,
      `lattice: ${host.lattice}`,
      `host: ${host.hostId}`,
      `cluster issuer: ${host.clusterIssuer}`,
      // The URL (with its per-start token) before the ready line, which stays last for readyWhen.
      ...(dashboard ? [`dashboard: ${dashboard.url}`] : []),
      `${UP_READY_TEXT} (nx-wasmcloud ctl get inventory --nats-url ${natsUrl.replace(/^nats:\/\//, '')} --lattice ${host.lattice})`,
    ];
    let stopped: Promise<void> | undefined;
    const h = host;
    const c = control;
    return {
      natsUrl,
      lattice: h.lattice,
      hostId: h.hostId,
      clusterIssuer: h.clusterIssuer,
      host: h,
      control: c,
      natsServer,
      dashboard,
      lines,
      stop: () =>
        (stopped ??= (async () => {
          await dashboard?.close().catch(() => undefined);
          await c.close().catch(() => undefined);
          await h.close().catch(() => undefined);
          await natsServer?.stop();
        })()),
    };
  } catch (e) {
    await control?.close().catch(() => undefined);
    await host?.close().catch(() => undefined);
    await natsServer?.stop();
    throw e;
  }
}
