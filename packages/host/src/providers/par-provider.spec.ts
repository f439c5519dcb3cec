import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, encode } from '@msgpack/msgpack';
import { createHash } from 'node:crypto';
import { inspectPar } from '@nx-wasmcloud/par';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { hostCallPayload, sign, watActorModule } from '../test-support/fixtures';
import { FAMILIES } from '../test-support/wat-actor';
import { signInvocation } from '../lattice/anti-forgery';
import { actorEntity, providerEntity } from '../lattice/envelopes';
import { LatticeHost } from '../lattice/lattice-host';
import { NatsServer, startNatsServer } from '../lattice/nats-server';
import { latticeCall, sendInvocation } from '../lattice/rpc-client';
import type { LogEntry } from '../types';
import { startParProvider } from './start-par-provider';
import { minimalProviderBinary, packPar, scriptBinary } from './test-support/provider-fixture';

jest.setTimeout(60000);
const CAPID = 'wasmcloud:example:fact_provider';
const until = async (what: string, ok: () => boolean, ms = 10000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('providers from PARs on a real nats-server', () => {
  let server: NatsServer;
  let host: LatticeHost;
  let dir: string;
  let binary: string;
  const logs: LogEntry[] = [];
  const log = (e: LogEntry) => {
    logs.push(e);
    if (process.env.DEBUG_PROVIDERS) process.stderr.write(`${e.actor}: ${e.text}\n`);
  };
  const cluster = KeyPair.create('cluster');
  const cacheEnv = () => ({ TMPDIR: join(dir, 'tmp') });

  beforeAll(async () => {
    binary = minimalProviderBinary();
    dir = mkdtempSync(join(tmpdir(), 'host-providers-'));
    server = await startNatsServer();
    host = await LatticeHost.start({ natsUrl: server.url, lattice: 'provtest', clusterSeed: cluster.seed, log: () => undefined });
  });
  afterAll(async () => {
    await host?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const linesOf = (p: { name: string }) => logs.filter((e) => e.actor === p.name).map((e) => e.text);

  it('extracts into the PAR cache, starts with HostData, becomes healthy, answers an actor through the lattice, and hears link put/del', async () => {
    const par = await packPar(binary, join(dir, 'fact.par.gz'), { rev: 3 });
    const provider = await startParProvider(host, par.file, { cacheEnv: cacheEnv(), log, firstHealthCheckMs: 100 });
    await provider.waitHealthy(10000);
    expect(provider.publicKey).toBe(par.subject.publicKey);
    expect(host.providers()).toContainEqual({ publicKey: par.subject.publicKey, linkName: 'default', contractId: CAPID, name: 'fact-provider' });
    // otp's layout: wasmcloudcache/<service key>/<rev>/<normalized capid>_<link>, the bytes of the binary.
    const cached = join(dir, 'tmp', 'wasmcloudcache', par.subject.publicKey, '3', 'wasmcloud_example_fact_provider_default');
    expect(provider.binary).toBe(cached);
    expect(sha256(cached)).toBe(sha256(binary));
    // The provider read HostData: its own start line names its key, instance and our NATS address.
    await until('start line', () => linesOf(provider).some((l) => l.startsWith('Starting capability provider')));
    expect(linesOf(provider)).toContain(
      `Starting capability provider ${par.subject.publicKey} instance ${provider.instanceId} with nats url ${server.hostPort}`,
    );
    expect(await provider.health()).toEqual({ healthy: true, message: '0 link(s)' });

    const actor = await sign(watActorModule(FAMILIES['wasmbus-0.7']), { name: 'caller', caps: [CAPID] });
    await host.startActor(actor.bytes);
    await host.putLink({ actor_id: actor.publicKey, provider_id: provider.publicKey, link_name: 'default', contract_id: CAPID, values: {} });
    await until('link put line', () => linesOf(provider).includes(`link put: actor ${actor.publicKey}`));
    // A wash-call-like client -> the actor on its host -> Host.Call -> the provider process over NATS.
    const call = (n: number) =>
      latticeCall({
        nats: host.nats,
        lattice: 'provtest',
        clusterSeed: cluster.seed,
        actorKey: actor.publicKey,
        operation: 'Host.Call',
        payload: hostCallPayload('default', CAPID, 'Factorial.Calculate', encode(n)),
        timeoutMs: 5000,
      });
    expect(decode(await call(5))).toBe(120);
    // 20! needs all 64 bits: the provider's msgpack writer uses uint64 (0xcf).
    expect(decode(await call(20), { useBigInt64: true })).toBe(2432902008176640000n);

    await host.deleteLink(actor.publicKey, CAPID, 'default');
    await until('link deleted line', () => linesOf(provider).includes(`link deleted: actor ${actor.publicKey}`));
    // Sent straight to the provider as that actor: it no longer has the link.
    const invocation = signInvocation({
      clusterKey: cluster,
      hostId: host.hostId,
      origin: actorEntity(actor.publicKey),
      target: providerEntity(provider.publicKey, CAPID, 'default'),
      operation: 'Factorial.Calculate',
      msg: encode(4),
    });
    await expect(sendInvocation({ nc: host.nats, lattice: 'provtest', invocation, timeoutMs: 5000 })).rejects.toThrow(
      `actor ${actor.publicKey} is not linked to this provider`,
    );
    await host.putLink({ actor_id: actor.publicKey, provider_id: provider.publicKey, link_name: 'default', contract_id: CAPID, values: {} });
    await until('second link put line', () => linesOf(provider).filter((l) => l === `link put: actor ${actor.publicKey}`).length === 2);

    // Crash: SIGKILL from outside. It is reported, restarted with new HostData (the link included) and answers again.
    const pid = provider.pid!;
    process.kill(pid, 'SIGKILL');
    await until('restart', () => provider.pid !== undefined && provider.pid !== pid);
    expect(provider.restarts).toBe(1);
    expect(linesOf(provider)).toContain('provider exited (signal SIGKILL); restarting in 500 ms (restart 1 of 5)');
    await provider.waitHealthy(10000);
    expect(await provider.health()).toEqual({ healthy: true, message: '1 link(s)' });
    expect(decode(await call(3))).toBe(6);

    // Graceful stop: the .shutdown request ends it within the grace period, no kill needed.
    const last = provider.pid!;
    await host.unregisterProvider(provider.publicKey, 'default');
    expect(alive(last)).toBe(false);
    expect(linesOf(provider)).toContain('shutting down (wasmbus.rpc.provtest.' + provider.publicKey + '.default)');
    expect(linesOf(provider).some((l) => l.includes('killing it'))).toBe(false);
    expect(host.providers()).toEqual([]);
    await host.stopActor(actor.publicKey);
  });

  it('writes HostData as otp does: padded base64 JSON plus a newline, with every key, existing links and config; the seed only there', async () => {
    const out = join(dir, 'hostdata.txt');
    // Records its stdin line byte for byte, then waits to be stopped.
    const script = scriptBinary(dir, 'recorder', `IFS= read -r line\nprintf '%s\\n' "$line" > '${out}'\necho "recorded"\nexec sleep 30`);
    const par = await packPar(script, join(dir, 'recorder.par.gz'), { name: 'recorder', capid: 'wasmcloud:example:recorder' });
    const actor = KeyPair.create('module').publicKey;
    await host.putLink({
      actor_id: actor,
      provider_id: par.subject.publicKey,
      link_name: 'blue',
      contract_id: 'wasmcloud:example:recorder',
      values: { k: 'v' },
    });
    const provider = await startParProvider(host, par.file, {
      linkName: 'blue',
      configJson: '{"a":1}',
      env: { GREETING: 'hi' },
      cacheEnv: cacheEnv(),
      log,
      healthyWithinMs: 60000,
      shutdownGraceMs: 200,
    });
    await until('recorded', () => linesOf(provider).includes('recorded'));
    const line = readFileSync(out, 'utf8');
    expect(line).toMatch(/^[A-Za-z0-9+/]+={0,2}\n$/);
    const data = JSON.parse(Buffer.from(line.trim(), 'base64').toString());
    expect(data).toEqual({
      host_id: host.hostId,
      lattice_rpc_prefix: 'provtest',
      lattice_rpc_url: server.hostPort,
      provider_key: par.subject.publicKey,
      link_name: 'blue',
      invocation_seed: cluster.seed,
      cluster_issuers: [cluster.publicKey],
      env_values: { GREETING: 'hi' },
      link_definitions: [
        { actor_id: actor, provider_id: par.subject.publicKey, link_name: 'blue', contract_id: 'wasmcloud:example:recorder', values: { k: 'v' } },
      ],
      instance_id: provider.instanceId,
      config_json: '{"a":1}',
      structured_logging: false,
    });
    expect(data.host_id).toMatch(/^N[A-Z2-7]{55}$/);
    await provider.stop();
    await host.deleteLink(actor, 'wasmcloud:example:recorder', 'blue');
    expect(logs.some((e) => e.text.includes(cluster.seed))).toBe(false);
  });

  it('a provider that never answers its health check is reported in one line, then killed after the shutdown grace period', async () => {
    // Reads HostData and ignores everything after (no NATS at all).
    const script = scriptBinary(dir, 'silent', 'read line\nexec sleep 30');
    const par = await packPar(script, join(dir, 'silent.par.gz'), { name: 'silent' });
    const provider = await startParProvider(host, par.file, {
      cacheEnv: cacheEnv(),
      log,
      firstHealthCheckMs: 100,
      healthyWithinMs: 1500,
      healthTimeoutMs: 200,
      shutdownGraceMs: 300,
    });
    await expect(provider.waitHealthy()).rejects.toThrow(
      `provider silent (${par.subject.publicKey}, link default) did not become healthy within 1500 ms: no answer on wasmbus.rpc.provtest.${par.subject.publicKey}.default.health`,
    );
    await until('report', () => linesOf(provider).some((l) => l.includes('did not become healthy')));
    await new Promise((r) => setTimeout(r, 600));
    expect(linesOf(provider).filter((l) => l.includes('did not become healthy'))).toHaveLength(1);
    const pid = provider.pid!;
    await provider.stop();
    expect(alive(pid)).toBe(false);
    expect(linesOf(provider)).toContain('did not exit within 300 ms of the shutdown request; killing it');
    expect(host.providers().some((p) => p.publicKey === par.subject.publicKey)).toBe(false);
  });

  it('a provider that keeps exiting is restarted with backoff up to the limit, then given up on', async () => {
    const script = scriptBinary(dir, 'crasher', 'echo "crashing now" >&2\nexit 3');
    const par = await packPar(script, join(dir, 'crasher.par.gz'), { name: 'crasher' });
    const provider = await startParProvider(host, par.file, { cacheEnv: cacheEnv(), log, restartBackoffMs: 50, maxRestarts: 2 });
    await expect(provider.waitHealthy(10000)).rejects.toThrow(
      `provider crasher (${par.subject.publicKey}, link default) exited (code 3) after 2 restarts; not restarting it again`,
    );
    expect(linesOf(provider)).toEqual([
      'crashing now',
      'provider exited (code 3); restarting in 50 ms (restart 1 of 2)',
      'crashing now',
      'provider exited (code 3); restarting in 100 ms (restart 2 of 2)',
      'crashing now',
      `provider crasher (${par.subject.publicKey}, link default) exited (code 3) after 2 restarts; not restarting it again`,
    ]);
    await provider.stop();
  });

  it("refuses an archive whose binary was altered, and one without this machine's target, in one line", async () => {
    const par = await packPar(binary, join(dir, 'ok.par.gz'));
    const target = (await inspectPar(par.file)).targets[0].target;
    await expect(startParProvider(host, par.file, { cacheEnv: cacheEnv(), target: 'aarch64-windows', log })).rejects.toThrow(
      `${par.file}: no binary for this machine's target aarch64-windows (the archive has: ${target}); add one with par insert --arch aarch64-windows`,
    );
    // Altered in the cache after a first extraction: the hash no longer matches, so it is extracted again, not run.
    const p = await startParProvider(host, par.file, { cacheEnv: cacheEnv(), log, firstHealthCheckMs: 100 });
    await p.waitHealthy(10000);
    await p.stop();
    writeFileSync(p.binary, '#!/bin/sh\nexit 9\n');
    const again = await startParProvider(host, par.file, { cacheEnv: cacheEnv(), log, firstHealthCheckMs: 100 });
    await again.waitHealthy(10000);
    expect(sha256(again.binary)).toBe(sha256(binary));
    await again.stop();
    expect(existsSync(again.binary)).toBe(true);
  });
});
