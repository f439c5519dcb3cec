import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { LocalRegistry, pushArtifact, startLocalRegistry } from '@nx-wasmcloud/oci';
import { ControlServer, LatticeHost, NatsServer, startNatsServer } from '@nx-wasmcloud/host';
import { run } from '../program';
import { captureIo } from '../test-support';
import { sign, watActorModule } from '../../../host/src/test-support/fixtures';
import { FAMILIES } from '../../../host/src/test-support/wat-actor';

jest.setTimeout(60_000);

describe('nx-wasmcloud ctl (in process, real nats-server, registry and host)', () => {
  let server: NatsServer;
  let registry: LocalRegistry;
  let host: LatticeHost;
  let control: ControlServer;
  let dir: string;
  let ref: string;
  let key: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cli-ctl-'));
    [server, registry] = await Promise.all([startNatsServer(), startLocalRegistry()]);
    const actor = await sign(watActorModule(FAMILIES['wasmbus-0.7']), { name: 'cli-ctl', caps: ['wasmcloud:keyvalue'] });
    key = actor.publicKey;
    writeFileSync(join(dir, 'a.wasm'), actor.bytes);
    ref = `${registry.url}/cli/echo:1.0.0`;
    await pushArtifact({ reference: ref, file: join(dir, 'a.wasm'), insecure: true, digestCache: false });
    host = await LatticeHost.start({
      natsUrl: server.url,
      lattice: 'clictl',
      ociAllowedInsecure: [registry.url],
      ociCacheDir: join(dir, 'cache'),
      log: () => undefined,
    });
    control = ControlServer.start(host, { ociCacheDir: join(dir, 'cache'), log: () => undefined });
  });
  afterAll(async () => {
    await control?.close();
    await host?.close();
    await Promise.all([server?.stop(), registry?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });
  const flags = () => ['--nats-url', server.hostPort, '--lattice', 'clictl'];
  const ctl = async (...args: string[]) => {
    const io = captureIo();
    const code = await run(['ctl', ...args, ...flags()], io);
    return { code, out: io.stdout, err: io.stderr };
  };

  it('get hosts -o json lists the host with its id', async () => {
    const r = await ctl('get', 'hosts', '-o', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out[0]).hosts.map((h: { id: string }) => h.id)).toEqual([host.hostId]);
  });

  it('start actor, inventory, link put, links, claims, link del, stop actor', async () => {
    const started = await ctl('start', 'actor', ref, '-o', 'json');
    expect(started).toMatchObject({ code: 0, err: [] });
    expect(JSON.parse(started.out[0])).toEqual({ actor_ref: ref, actor_id: key, host_id: host.hostId, success: true });

    const inv = await ctl('get', 'inventory', '--host-id', host.hostId);
    expect(inv.code).toBe(0);
    expect(inv.out).toContain(`${key}  cli-ctl  ${ref}  1`);

    const provider = KeyPair.create('service').publicKey;
    expect((await ctl('link', 'put', key, provider, 'wasmcloud:keyvalue', 'URL=redis://127.0.0.1:6379', '--link-name', 'cache')).code).toBe(0);
    const links = await ctl('get', 'links', '-o', 'json');
    expect(JSON.parse(links.out[0]).links).toEqual([
      { actor_id: key, provider_id: provider, contract_id: 'wasmcloud:keyvalue', link_name: 'cache', values: { URL: 'redis://127.0.0.1:6379' } },
    ]);
    expect(host.links()).toHaveLength(1);

    const claims = await ctl('get', 'claims', '-o', 'json');
    expect(JSON.parse(claims.out[0]).claims.claims).toEqual([expect.objectContaining({ sub: key, name: 'cli-ctl', caps: 'wasmcloud:keyvalue' })]);

    expect((await ctl('link', 'del', key, 'wasmcloud:keyvalue', '--link-name', 'cache')).code).toBe(0);
    expect(host.links()).toEqual([]);

    const stopped = await ctl('stop', 'actor', key);
    expect(stopped).toEqual({ code: 0, out: [`Actor ${key} stopped on host ${host.hostId}`], err: [] });
    expect(host.actors()).toEqual([]);
  });

  it('as otp and wash: link put of an identical link and link del of a missing one exit 0; stop of an actor or provider not running is one line', async () => {
    const actor = KeyPair.create('module').publicKey;
    const provider = KeyPair.create('service').publicKey;
    for (let i = 0; i < 2; i++) {
      expect(await ctl('link', 'put', actor, provider, 'wasmcloud:keyvalue', 'A=1')).toEqual({
        code: 0,
        out: [`Published link (${actor}) <-> (${provider}) for wasmcloud:keyvalue, link default`],
        err: [],
      });
    }
    expect(host.links().filter((l) => l.actor_id === actor)).toHaveLength(1);
    expect(await ctl('link', 'del', actor, 'wasmcloud:keyvalue')).toEqual({
      code: 0,
      out: [`Deleted link for ${actor} on wasmcloud:keyvalue (default)`],
      err: [],
    });
    // Again: nothing left to delete, still accepted.
    expect(await ctl('link', 'del', actor, 'wasmcloud:keyvalue', '-o', 'json')).toEqual({
      code: 0,
      out: [JSON.stringify({ actor_id: actor, contract_id: 'wasmcloud:keyvalue', link_name: 'default', success: true })],
      err: [],
    });
    expect(host.links().filter((l) => l.actor_id === actor)).toEqual([]);
    expect(await ctl('stop', 'actor', actor, '--host-id', host.hostId)).toEqual({
      code: 1,
      out: [],
      err: [`error: actor ${actor} is not running on host ${host.hostId}`],
    });
    expect(await ctl('stop', 'provider', provider, '--host-id', host.hostId)).toEqual({
      code: 1,
      out: [],
      err: [`error: provider ${provider} (default) is not running on host ${host.hostId}`],
    });
  });

  it('refusals are one line and exit 1; bad flags exit 2', async () => {
    const missing = await ctl('start', 'actor', `${registry.url}/cli/none:1.0.0`);
    expect(missing.code).toBe(1);
    expect(missing.err).toHaveLength(1);
    expect(missing.err[0]).toMatch(/^error: start actor 127\.0\.0\.1:\d+\/cli\/none:1\.0\.0: /);
    const notRef = await ctl('start', 'actor', '/etc/passwd');
    expect(notRef).toMatchObject({
      code: 1,
      err: ['error: start actor /etc/passwd: Invalid launch actor request: "/etc/passwd" is not an OCI reference (registry/repository:tag or @digest)'],
    });
    const badKv = await ctl('link', 'put', key, 'V', 'c', 'novalue');
    expect(badKv).toMatchObject({ code: 2, err: ["error: link value 'novalue': expected KEY=VALUE"] });
    const other = KeyPair.create('server').publicKey;
    const none = await ctl('get', 'inventory', '--host-id', other);
    expect(none.code).toBe(1);
    expect(none.err).toEqual([
      `error: no host answers wasmcloud.ctl.clictl.get.${other}.inv: is a host running on lattice clictl (nx-wasmcloud up), and is the host id right?`.replace(
        'wasmcloud.ctl',
        'wasmbus.ctl',
      ),
    ]);
    const badTimeout = await ctl('get', 'hosts', '--timeout-ms', 'soon');
    expect(badTimeout).toMatchObject({ code: 2, err: ['error: --timeout-ms soon: give a positive number of milliseconds'] });
  });
});
