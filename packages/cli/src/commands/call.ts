import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Command } from 'commander';
import {
  callActor,
  callForTestResults,
  encodeCallData,
  formatTestResults,
  HostOptions,
  HostUserError,
  openActorSession,
  parseJsonData,
} from '@nx-wasmcloud/host';
import { terminalJson } from '@nx-wasmcloud/wascap';
import { UsageError } from '../errors';
import { callOverLattice, LatticeCallFlags, wantsLattice } from './call-lattice';
import { addOutputOption, collect, escapeControl, Io, OutputKind } from '../output';

interface CallFlags extends LatticeCallFlags {
  data?: string;
  dataFile?: string;
  actor?: string[];
  link?: string[];
  linkName?: string;
  test?: boolean;
  timeoutMs?: string;
  maxPayloadBytes?: string;
  output?: OutputKind;
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value)))
    throw new UsageError(`${flag} must be a whole number above 0, got '${value}'`);
  return Number(value);
}

/** `--link <contract_id>[=<module>]`: the in-memory double, or a JS module exporting a provider. */
export function parseLinks(flags: string[] = []): Record<string, string> {
  const links: Record<string, string> = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const contract = eq < 0 ? flag : flag.slice(0, eq);
    const module = eq < 0 ? 'double' : flag.slice(eq + 1);
    if (!/^[A-Za-z0-9_.:-]+$/.test(contract)) throw new UsageError(`--link ${flag}: '${contract}' is not a contract id (like wasmcloud:keyvalue)`);
    if (module === '') throw new UsageError(`--link ${flag}: name the provider module after '=', or leave out '=' for the in-memory double`);
    if (links[contract] !== undefined) throw new UsageError(`--link ${contract} is given twice`);
    links[contract] = module;
  }
  return links;
}

/** The JSON value to send: `--data` text or `--data-file` contents; undefined sends an empty payload. */
function callData(io: Io, flags: CallFlags): unknown {
  if (flags.data !== undefined && flags.dataFile !== undefined) throw new UsageError('give the data either with --data or with --data-file, not both');
  if (flags.data !== undefined) return parseJsonData(flags.data, '--data');
  if (flags.dataFile === undefined) return undefined;
  const file = isAbsolute(flags.dataFile) ? flags.dataFile : join(io.cwd, flags.dataFile);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new HostUserError(`--data-file ${flags.dataFile}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseJsonData(text, `--data-file ${flags.dataFile}`);
}

/** A file argument relative to the command's directory; anything else (an OCI reference) as given. */
function source(io: Io, value: string): string {
  const file = isAbsolute(value) ? value : join(io.cwd, value);
  return existsSync(file) ? file : value;
}

/** `call`: wash's `call` without a lattice, over @nx-wasmcloud/host's actor sessions. */
export function registerCall(program: Command, io: Io): void {
  addOutputOption(
    program
      .command('call')
      .description('start an actor in an embedded host and invoke an operation on it (wash call, without a lattice)')
      .argument('<actor>', 'signed actor module (.wasm) or OCI reference; over the lattice, the actor public key (M…)')
      .argument('<operation>', 'operation, passed verbatim (e.g. HttpServer.HandleRequest, Testing.Start)')
      .option('--data <json>', 'JSON payload, sent as msgpack')
      .option('--data-file <file>', 'file holding the JSON payload (e.g. test-options.json)')
      .option('--actor <file|ref>', 'another actor in the same host, for actor-to-actor calls (repeatable)', collect)
      .option('--link <contract_id[=module]>', 'link a contract to its in-memory double, or to a JS module exporting a provider (repeatable)', collect)
      .option('--link-name <name>', 'link name of every --link', 'default')
      .option('--test', 'the reply is wasmcloud:testing TestResults: print Pass/Fail per test, exit 1 when any failed')
      .option('--timeout-ms <ms>', 'per-call timeout in milliseconds', '2000')
      .option('--max-payload-bytes <n>', 'largest payload accepted, in bytes (default 1 MiB)')
      .option('--nats-url <host:port>', 'call over the lattice on this NATS server (default 127.0.0.1:4222 when <actor> is a key)')
      .option('--lattice <name>', 'lattice prefix (default WASMCLOUD_LATTICE_PREFIX or default)')
      .option('--cluster-seed <seed>', 'cluster seed (SC…) that signs the invocation (default WASMCLOUD_CLUSTER_SEED)'),
  ).action(async (actor: string, operation: string, flags: CallFlags) => {
    const data = callData(io, flags);
    if (wantsLattice(io, actor, flags)) {
      return callOverLattice(io, actor, operation, encodeCallData(data), { ...flags, timeoutMs: positiveInt(flags.timeoutMs, '--timeout-ms') }, terminalJson);
    }
    const host: HostOptions = {
      timeoutMs: positiveInt(flags.timeoutMs, '--timeout-ms'),
      maxPayloadBytes: positiveInt(flags.maxPayloadBytes, '--max-payload-bytes'),
      log: (e) => io.err(`${escapeControl(e.actor)}: ${escapeControl(e.text)}`),
    };
    const session = {
      actor: source(io, actor),
      actors: (flags.actor ?? []).map((a) => source(io, a)),
      links: parseLinks(flags.link),
      linkName: flags.linkName,
      cwd: io.cwd,
      host,
    };
    if (flags.test) return runTests(io, session, operation, encodeCallData(data), host.timeoutMs, flags.output);
    const r = await callActor({ ...session, operation, data, timeoutMs: host.timeoutMs });
    if (flags.output === 'json') {
      io.out(terminalJson({ actor: r.actor.name, operation, format: r.format, binaries: r.binaries, reply: r.json, links: r.linked }));
    } else if (r.format !== 'empty') {
      io.out(terminalJson(r.json, 2));
    }
  });
}

async function runTests(
  io: Io,
  options: Parameters<typeof openActorSession>[0],
  operation: string,
  payload: Uint8Array,
  timeoutMs: number | undefined,
  output: OutputKind | undefined,
): Promise<void> {
  const session = await openActorSession(options);
  let report;
  try {
    const results = await callForTestResults(session.host, session.actor.publicKey, operation, payload, timeoutMs);
    report = formatTestResults(results);
    if (output === 'json') io.out(terminalJson({ actor: session.actor.name, results, passed: report.passed, total: report.total }));
    else for (const line of report.lines) io.out(escapeControl(line));
  } finally {
    await session.close();
  }
  if (!report.ok) throw new HostUserError(`${report.total - report.passed} of ${report.total} tests failed`);
}
