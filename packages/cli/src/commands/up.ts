import type { Command } from 'commander';
import { up } from '@nx-wasmcloud/host';
import { UsageError } from '../errors';
import { Io } from '../output';

/** Resolves on the first SIGINT / SIGTERM / SIGHUP (what Ctrl-C and Nx's end of a continuous task send). */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    const on = (s: NodeJS.Signals) => {
      for (const x of signals) process.off(x, on);
      resolve(s);
    };
    for (const s of signals) process.on(s, on);
  });
}

function issuers(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface UpFlags {
  natsUrl?: string;
  natsPort?: string;
  lattice?: string;
  clusterSeed?: string;
  clusterIssuers?: string;
  dashboardPort?: string;
}

function dashboardPort(value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new UsageError(`--dashboard-port ${value}: expected a port number (0-65535; 0 picks a free one)`);
  return Number(value);
}

/**
 * `nx-wasmcloud up` (wash up): nats-server (unless --nats-url) and a host with the control
 * interface in the foreground, until a signal; then both stop, with every provider process.
 * `stopSignal` is for tests; by default the process's signals end it.
 */
export async function runUp(io: Io, flags: UpFlags, stopSignal: Promise<unknown> = untilSignal()): Promise<void> {
  if (flags.lattice !== undefined && !/^[A-Za-z0-9_-]+$/.test(flags.lattice))
    throw new UsageError(`--lattice ${flags.lattice}: a lattice name is letters, digits, '-' and '_' (it is a NATS subject token)`);
  const clusterSeed = flags.clusterSeed ?? io.env.WASMCLOUD_CLUSTER_SEED;
  let natsPort: number | undefined;
  if (flags.natsPort !== undefined) {
    natsPort = Number(flags.natsPort);
    if (flags.natsUrl !== undefined) throw new UsageError('--nats-port is the port of the nats-server up starts: leave it out with --nats-url');
    if (!Number.isInteger(natsPort) || natsPort < 1 || natsPort > 65535) throw new UsageError(`--nats-port ${flags.natsPort}: give a port from 1 to 65535`);
  }
  const port = dashboardPort(flags.dashboardPort);
  const handle = await up({
    natsUrl: flags.natsUrl,
    natsPort,
    lattice: flags.lattice ?? io.env.WASMCLOUD_LATTICE_PREFIX ?? 'default',
    clusterSeed: clusterSeed || undefined,
    clusterIssuers: issuers(flags.clusterIssuers ?? io.env.WASMCLOUD_CLUSTER_ISSUERS),
    env: io.env,
    log: (e) => io.err(`${e.actor}: ${e.text}`),
    dashboard: { port },
  });
  try {
    for (const line of handle.lines) io.out(line);
    await stopSignal;
    io.err('stopping the host and nats-server');
  } finally {
    await handle.stop();
  }
}

export function registerUp(program: Command, io: Io): void {
  program
    .command('up')
    .description('Start NATS (unless --nats-url) and a wasmCloud host with the control interface in the foreground; Ctrl-C stops both')
    .option('--nats-url <host:port>', 'an existing NATS server (default: start nats-server on a free loopback port)')
    .option('--nats-port <port>', 'loopback port of the nats-server up starts (default a free one; wash up uses 4222)')
    .option('--lattice <name>', 'lattice prefix (default WASMCLOUD_LATTICE_PREFIX or "default")')
    .option('--cluster-seed <SC…>', 'cluster seed that signs invocations (default WASMCLOUD_CLUSTER_SEED, else a new one)')
    .option('--cluster-issuers <C…,…>', 'more cluster issuers whose invocations are accepted (default WASMCLOUD_CLUSTER_ISSUERS)')
    .option('--dashboard-port <port>', 'port of the web dashboard on 127.0.0.1 (default: a free one; the URL with its token is printed)')
    .action(async (opts: UpFlags) => runUp(io, opts));
}
