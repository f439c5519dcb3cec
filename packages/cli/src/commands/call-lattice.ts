import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { decodeReply, decodeTestResults, formatTestResults, HostUserError, latticeCall } from '@nx-wasmcloud/host';
import { UsageError } from '../errors';
import { escapeControl, Io, OutputKind } from '../output';

export interface LatticeCallFlags {
  natsUrl?: string;
  lattice?: string;
  clusterSeed?: string;
}

/** wash's defaults: NATS on 127.0.0.1:4222, lattice prefix `default`. */
export const DEFAULT_NATS_URL = '127.0.0.1:4222';
const ACTOR_KEY = /^M[A-Z2-7]{55}$/;

/**
 * The lattice is meant when a lattice flag is given, or when the actor is a public key (M…) and no
 * file of that name exists (wash 0.24 `call <actor-id>`).
 */
export function wantsLattice(io: Io, actor: string, flags: LatticeCallFlags): boolean {
  if (flags.natsUrl !== undefined || flags.lattice !== undefined || flags.clusterSeed !== undefined) return true;
  return ACTOR_KEY.test(actor) && !existsSync(isAbsolute(actor) ? actor : join(io.cwd, actor));
}

/**
 * `call <actor key> <operation>` over the lattice: what `wash call` 0.24 sends (signed with the
 * cluster seed from --cluster-seed or WASMCLOUD_CLUSTER_SEED), the reply printed as in the
 * embedded mode.
 */
export async function callOverLattice(
  io: Io,
  actor: string,
  operation: string,
  payload: Uint8Array,
  flags: LatticeCallFlags & { test?: boolean; output?: OutputKind; timeoutMs?: number },
  json: (value: unknown, indent?: number) => string,
): Promise<void> {
  if (!ACTOR_KEY.test(actor)) throw new UsageError(`over the lattice, <actor> is the actor's public key (M…, 56 characters), got '${actor}'`);
  const clusterSeed = flags.clusterSeed ?? io.env.WASMCLOUD_CLUSTER_SEED;
  if (!clusterSeed)
    throw new UsageError(
      'calls over the lattice are signed with the cluster seed: give --cluster-seed or set WASMCLOUD_CLUSTER_SEED (the seed the hosts were started with)',
    );
  const lattice = flags.lattice ?? io.env.WASMCLOUD_LATTICE_PREFIX ?? 'default';
  const reply = await latticeCall({
    nats: flags.natsUrl ?? DEFAULT_NATS_URL,
    lattice,
    clusterSeed,
    actorKey: actor,
    operation,
    payload,
    timeoutMs: flags.timeoutMs,
  });
  if (flags.test) {
    let results;
    try {
      results = decodeTestResults(reply);
    } catch (e) {
      throw new HostUserError(`${actor} ${operation}: the reply is not wasmcloud:testing TestResults (${(e as Error).message})`);
    }
    const report = formatTestResults(results);
    if (flags.output === 'json') io.out(json({ actor, results, passed: report.passed, total: report.total }));
    else for (const line of report.lines) io.out(escapeControl(line));
    if (!report.ok) throw new HostUserError(`${report.total - report.passed} of ${report.total} tests failed`);
    return;
  }
  const r = decodeReply(reply);
  if (flags.output === 'json') io.out(json({ actor, operation, lattice, format: r.format, binaries: r.binaries, reply: r.json }));
  else if (r.format !== 'empty') io.out(json(r.json, 2));
}
