import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControlServer, LatticeHost, latticeCall, NatsServer, startNatsServer } from '@nx-wasmcloud/host';
import { LocalRegistry, startLocalRegistry } from '@nx-wasmcloud/oci';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { captureOutput, executorContext, requireTool } from '../../test-support/executor-context';
import { HELLO_TOML, tempTree } from '../../test-support/files';
import { sign, watActorModule } from '../../../../host/src/test-support/fixtures';
import { FAMILIES } from '../../../../host/src/test-support/wat-actor';
import deployExecutor from './executor';

requireTool('/usr/bin/docker-registry', 'the Distribution registry (Debian docker-registry)');
jest.setTimeout(90_000);

describe('deploy executor (real registry, nats-server and lattice host)', () => {
  const ws = tempTree({ 'hello/wasmcloud.toml': HELLO_TOML });
  const saved = { ...process.env };
  const cluster = KeyPair.create('cluster');
  const subject = KeyPair.create('module');
  let registry: LocalRegistry;
  let nats: NatsServer;
  let host: LatticeHost;
  let control: ControlServer;
  let cacheDir: string;

  beforeAll(async () => {
    // The deploy drains this machine's host cache: keep it inside the test's temp dir.
    cacheDir = mkdtempSync(join(tmpdir(), 'deploy-tmp-'));
    process.env.TMPDIR = cacheDir;
    [registry, nats] = await Promise.all([startLocalRegistry({ storageDir: join(ws.root, 'registry') }), startNatsServer()]);
    host = await LatticeHost.start({
      natsUrl: nats.url,
      lattice: 'deploy',
      clusterSeed: cluster.seed,
      ociAllowedInsecure: [registry.url],
      log: () => undefined,
    });
    control = ControlServer.start(host, { env: process.env, log: () => undefined });
  });
  afterAll(async () => {
    await control?.close();
    await host?.close();
    await Promise.all([registry?.stop(), nats?.stop()]);
    process.env = saved;
    ws.cleanup();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  const writeSigned = async (reply: string) => {
    const signed = await sign(watActorModule({ ...FAMILIES['wasmbus-0.7'], testReply: new TextEncoder().encode(reply) }), { name: 'hello', subject });
    mkdirSync(join(ws.root, 'hello/build'), { recursive: true });
    writeFileSync(join(ws.root, 'hello/build/hello_s.wasm'), signed.bytes);
  };
  const deploy = async () => {
    const out = captureOutput();
    const result = await deployExecutor(
      { registry: registry.url, natsUrl: nats.hostPort, lattice: 'deploy' },
      executorContext(ws.root, 'hello', 'hello', 'deploy'),
    ).finally(out.restore);
    return { result, output: out.text() };
  };
  const callTest = async () =>
    new TextDecoder().decode(
      await latticeCall({
        nats: nats.url,
        lattice: 'deploy',
        clusterSeed: cluster.seed,
        actorKey: subject.publicKey,
        operation: 'Testing.Start',
        payload: new Uint8Array(0),
      }),
    );

  it('pushes and starts the actor; after a re-push of the same tag, deploy updates it and calls see the new reply', async () => {
    const ref = `${registry.url}/hello:0.1.0`;
    await writeSigned('one');
    const first = await deploy();
    expect(first.result).toEqual({ success: true });
    expect(first.output).toContain(`Started actor ${subject.publicKey} from ${ref} on host ${host.hostId}`);
    expect(await callTest()).toBe('one');

    await writeSigned('two');
    const second = await deploy();
    expect(second.result).toEqual({ success: true });
    expect(second.output).toContain(`Updated actor ${subject.publicKey} on host ${host.hostId} to ${ref}`);
    expect(await callTest()).toBe('two');
  });

  it('no host on the lattice: one line, success false', async () => {
    const out = captureOutput();
    const result = await deployExecutor(
      { registry: registry.url, natsUrl: nats.hostPort, lattice: 'empty', timeoutMs: 300 },
      executorContext(ws.root, 'hello', 'hello', 'deploy'),
    ).finally(out.restore);
    expect(result).toEqual({ success: false });
    expect(out.text()).toContain(`error: no host answers on lattice empty at ${nats.hostPort}`);
  });
});
