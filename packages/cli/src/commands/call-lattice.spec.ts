import { encode } from '@msgpack/msgpack';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { LatticeHost, NatsServer, startNatsServer } from '@nx-wasmcloud/host';
import { run } from '../program';
import { captureIo } from '../test-support';
import { sign, watActorModule } from '../../../host/src/test-support/fixtures';
import { FAMILIES } from '../../../host/src/test-support/wat-actor';

jest.setTimeout(60_000);

describe('nx-wasmcloud call over the lattice', () => {
  let server: NatsServer;
  let host: LatticeHost;
  const cluster = KeyPair.create('cluster');
  let key: string;
  beforeAll(async () => {
    server = await startNatsServer();
    host = await LatticeHost.start({ natsUrl: server.url, lattice: 'cli', clusterSeed: cluster.seed, log: () => undefined });
    const tests = encode([
      { name: 'adds', passed: true },
      { name: 'fails', passed: false, snapData: new TextEncoder().encode('{"error":"expected 2"}') },
    ]);
    key = (await host.startActor((await sign(watActorModule({ ...FAMILIES['wasmbus-0.7'], testReply: tests }), { name: 'lattice-wat' })).bytes)).publicKey;
  });
  afterAll(async () => {
    await host?.close();
    await server?.stop();
  });
  const flags = () => ['--nats-url', server.hostPort, '--lattice', 'cli'];

  it('sends --data as msgpack in a signed invocation and prints the decoded reply', async () => {
    const c = captureIo();
    expect(await run(['call', key, 'Echo.Echo', '--data', '{"name":"wasm","n":[1,2]}', ...flags(), '--cluster-seed', cluster.seed], c)).toBe(0);
    expect(JSON.parse(c.stdout.join('\n'))).toEqual({ name: 'wasm', n: [1, 2] });
    expect(c.stderr).toEqual([]);
  });
  it('reads the seed from WASMCLOUD_CLUSTER_SEED; -o json names the lattice and the format', async () => {
    const c = captureIo({ env: { WASMCLOUD_CLUSTER_SEED: cluster.seed } });
    expect(await run(['call', key, 'Echo.Echo', '--data', '"hi"', ...flags(), '-o', 'json'], c)).toBe(0);
    expect(JSON.parse(c.stdout[0])).toEqual({ actor: key, operation: 'Echo.Echo', lattice: 'cli', format: 'msgpack', binaries: 'none', reply: 'hi' });
  });
  it('--test prints Pass/Fail per test and exits 1 on a failure', async () => {
    const c = captureIo({ env: { WASMCLOUD_CLUSTER_SEED: cluster.seed } });
    expect(await run(['call', key, 'Testing.Start', '--data', '{"patterns":[".*"],"options":{}}', '--test', ...flags()], c)).toBe(1);
    expect(c.stdout).toEqual(['Pass: adds', 'Fail: fails: expected 2', 'Test results: 1/2 Passed']);
    expect(c.stderr).toEqual(['error: 1 of 2 tests failed']);
  });
  it("a seed of another cluster is refused with the host's error; the seed is never printed", async () => {
    const stranger = KeyPair.create('cluster').seed;
    const c = captureIo();
    expect(await run(['call', key, 'Echo.Echo', ...flags(), '--cluster-seed', stranger], c)).toBe(1);
    expect(c.stderr).toEqual(['error: Issuer of this invocation is not among the list of valid issuers']);
    const bad = captureIo();
    expect(await run(['call', key, 'Echo.Echo', ...flags(), '--cluster-seed', KeyPair.create('account').seed], bad)).toBe(1);
    expect(bad.stderr).toHaveLength(1);
    expect(bad.stderr[0]).toMatch(/^error: cluster seed: expected a cluster seed, got an account seed/);
    expect(bad.stderr[0]).not.toMatch(/S[A-Z2-7]{57}/);
  });
  it('without a seed: a usage error; an actor nobody runs: the request timeout', async () => {
    const c = captureIo();
    expect(await run(['call', key, 'Echo.Echo', ...flags()], c)).toBe(2);
    expect(c.stderr[0]).toMatch(/give --cluster-seed or set WASMCLOUD_CLUSTER_SEED/);
    const t = captureIo({ env: { WASMCLOUD_CLUSTER_SEED: cluster.seed } });
    expect(await run(['call', KeyPair.create('module').publicKey, 'Echo.Echo', ...flags(), '--timeout-ms', '300'], t)).toBe(1);
    expect(t.stderr).toEqual(['error: Failed to perform RPC call: request timeout']);
  });
});
