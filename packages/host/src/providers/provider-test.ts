import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPar, hostParTarget, ParError } from '@nx-wasmcloud/par';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { decodePayload, encodeMsgpack, toJsonValue } from '../codec';
import { HostUserError } from '../errors';
import { signInvocation } from '../lattice/anti-forgery';
import { actorEntity, providerEntity } from '../lattice/envelopes';
import { LatticeHost } from '../lattice/lattice-host';
import { startNatsServer } from '../lattice/nats-server';
import { sendInvocation } from '../lattice/rpc-client';
import type { TestResult } from '../test-results';
import type { LogEntry } from '../types';
import { startParProvider } from './start-par-provider';

/**
 * One case of `provider_tests.json` (a JSON array): the operation is sent to the provider as a
 * signed invocation from the test actor, `input` as msgpack; the reply, decoded to JSON, must equal
 * `expect`, or the invocation's error must contain `expectError`.
 */
export interface ProviderTestCase {
  name?: string;
  operation: string;
  input?: unknown;
  expect?: unknown;
  expectError?: string;
}

export const PROVIDER_TESTS_FILE = 'provider_tests.json';

const KNOWN = new Set(['name', 'operation', 'input', 'expect', 'expectError']);

export function checkProviderTestCases(value: unknown, label: string): ProviderTestCase[] {
  if (!Array.isArray(value)) throw new HostUserError(`${label}: expected a JSON array of {"operation", "input", "expect"} cases`);
  return value.map((c, i) => {
    const at = `${label}: case ${i + 1}`;
    if (typeof c !== 'object' || c === null || Array.isArray(c)) throw new HostUserError(`${at}: expected an object with "operation", "input" and "expect"`);
    const o = c as Record<string, unknown>;
    const unknown = Object.keys(o).find((k) => !KNOWN.has(k));
    if (unknown) throw new HostUserError(`${at}: unknown field "${unknown}" (use name, operation, input, expect, expectError)`);
    if (typeof o.operation !== 'string' || !/^[^.\s]+\.[^.\s]+$/.test(o.operation))
      throw new HostUserError(`${at}: "operation" must be a string like "Factorial.Calculate"`);
    if (o.name !== undefined && typeof o.name !== 'string') throw new HostUserError(`${at}: "name" must be a string`);
    if (o.expectError !== undefined && typeof o.expectError !== 'string') throw new HostUserError(`${at}: "expectError" must be a string`);
    if (o.expect !== undefined && o.expectError !== undefined) throw new HostUserError(`${at}: give "expect" or "expectError", not both`);
    return o as unknown as ProviderTestCase;
  });
}

export async function readProviderTestCases(file: string): Promise<ProviderTestCase[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new HostUserError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new HostUserError(`${file}: not valid JSON (${(e as Error).message}); fix the file`);
  }
  return checkProviderTestCases(value, file);
}

/** JSON equality with object keys in any order. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    typeof x === 'bigint'
      ? x.toString()
      : x && typeof x === 'object' && !Array.isArray(x)
        ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)))
        : x,
  );
}

export interface RunProviderTestsOptions {
  /** The provider archive to test (the par target's output)… */
  par?: string;
  /** …or a bare binary (wasmcloud-test-util's bin_path), packed into a throwaway PAR signed with fresh keys. */
  binary?: string;
  /** The link's contract id; default the archive's capid. */
  contractId?: string;
  linkName?: string;
  /** Link values (provider_test_config.toml [values]). */
  values?: Record<string, string>;
  cases: ProviderTestCase[];
  /** Per invocation; default 2000. */
  timeoutMs?: number;
  /** How long the provider has to become healthy; default 15000. */
  healthyWithinMs?: number;
  log?: (entry: LogEntry) => void;
  /** Where the PAR cache is ($TMPDIR/wasmcloudcache); default process.env. */
  cacheEnv?: NodeJS.ProcessEnv;
}

export interface ProviderTestRun {
  results: TestResult[];
  provider: { publicKey: string; name: string; contractId: string };
}

/**
 * wasmcloud-test-util's provider test, on a private lattice: a nats-server on loopback, a host,
 * the provider started from its archive; then `health_check` and every case from a test actor
 * identity linked to it. Everything started here is stopped before it returns.
 */
export async function runProviderTests(o: RunProviderTestsOptions): Promise<ProviderTestRun> {
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    let par = o.par;
    if (par === undefined) {
      if (o.binary === undefined) throw new HostUserError('runProviderTests needs the provider archive (par) or a binary');
      if (!existsSync(o.binary)) throw new HostUserError(`${o.binary}: no such file (bin_path in provider_test_config.toml): build the provider first`);
      const dir = await mkdtemp(join(tmpdir(), 'nx-wasmcloud-provider-test-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      try {
        par = (
          await createPar({
            binaries: [{ target: hostParTarget(), path: o.binary }],
            capid: o.contractId ?? 'wasmcloud:example',
            vendor: 'test',
            name: 'provider-under-test',
            issuer: KeyPair.create('account'),
            subject: KeyPair.create('service'),
            destination: join(dir, 'provider.par.gz'),
            compress: true,
            env: {},
          })
        ).file;
      } catch (e) {
        if (e instanceof ParError) throw new HostUserError(e.message);
        throw e;
      }
    }
    const nats = await startNatsServer();
    cleanups.push(() => nats.stop());
    const host = await LatticeHost.start({ natsUrl: nats.url, lattice: 'provider_test', log: () => undefined });
    cleanups.push(() => host.close());
    const linkName = o.linkName || 'default';
    const provider = await startParProvider(host, par, {
      linkName,
      log: o.log,
      firstHealthCheckMs: 200,
      healthyWithinMs: o.healthyWithinMs,
      cacheEnv: o.cacheEnv ?? process.env,
    });
    const contractId = o.contractId ?? provider.contractId;
    const results: TestResult[] = [];
    try {
      await provider.waitHealthy();
      const h = await provider.health();
      results.push({ name: 'health_check', passed: h.healthy, ...(h.healthy ? {} : { error: h.message ?? 'unhealthy' }) });
    } catch (e) {
      results.push({ name: 'health_check', passed: false, error: (e as Error).message });
      return { results, provider: { publicKey: provider.publicKey, name: provider.name, contractId } };
    }
    const actor = KeyPair.create('module');
    await host.putLink({ actor_id: actor.publicKey, provider_id: provider.publicKey, link_name: linkName, contract_id: contractId, values: o.values ?? {} });
    // The put reaches the provider before the first case (NATS keeps order per connection; a health round trip confirms it was read).
    await provider.health();
    const clusterKey = KeyPair.fromSeed(host.clusterSeed, 'cluster');
    for (const [i, c] of o.cases.entries()) {
      const name = c.name ?? `${c.operation} #${i + 1}`;
      const invocation = signInvocation({
        clusterKey,
        hostId: host.hostId,
        origin: actorEntity(actor.publicKey),
        target: providerEntity(provider.publicKey, contractId, linkName),
        operation: c.operation,
        msg: c.input === undefined ? new Uint8Array(0) : encodeMsgpack(c.input),
      });
      try {
        const reply = await sendInvocation({ nc: host.nats, lattice: host.lattice, invocation, timeoutMs: o.timeoutMs ?? 2000 });
        const got = toJsonValue(decodePayload(reply)).json;
        if (c.expectError !== undefined)
          results.push({ name, passed: false, error: `expected an error containing ${JSON.stringify(c.expectError)}, got ${canonical(got)}` });
        else if (c.expect === undefined || canonical(got) === canonical(c.expect)) results.push({ name, passed: true });
        else results.push({ name, passed: false, error: `expected ${canonical(c.expect)}, got ${canonical(got)}` });
      } catch (e) {
        const message = (e as Error).message;
        if (c.expectError !== undefined && message.includes(c.expectError)) results.push({ name, passed: true });
        else results.push({ name, passed: false, error: message });
      }
    }
    return { results, provider: { publicKey: provider.publicKey, name: provider.name, contractId } };
  } finally {
    for (const clean of cleanups.reverse()) await clean().catch(() => undefined);
  }
}
