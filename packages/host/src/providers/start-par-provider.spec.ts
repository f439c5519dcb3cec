import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drain, LocalRegistry, pushArtifact, startLocalRegistry } from '@nx-wasmcloud/oci';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { LatticeHost } from '../lattice/lattice-host';
import { NatsServer, startNatsServer } from '../lattice/nats-server';
import { startParProvider } from './start-par-provider';
import { minimalProviderBinary, packPar } from './test-support/provider-fixture';

jest.setTimeout(60000);

describe('startParProvider from an OCI reference (a real Distribution registry and nats-server on loopback)', () => {
  let registry: LocalRegistry;
  let server: NatsServer;
  let host: LatticeHost;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'host-par-oci-'));
    [registry, server] = await Promise.all([startLocalRegistry(), startNatsServer()]);
    host = await LatticeHost.start({ natsUrl: server.url, lattice: 'ocitest', clusterSeed: KeyPair.create('cluster').seed, log: () => undefined });
  });
  afterAll(async () => {
    await host?.close();
    await Promise.all([registry?.stop(), server?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('pulls the archive into the OCI cache, runs it healthy, refuses a second start on the same link, and `drain lib` empties the PAR cache', async () => {
    const par = await packPar(minimalProviderBinary(), join(dir, 'fact.par.gz'), { rev: 7 });
    const reference = `${registry.url}/providers/fact:0.1.0`;
    await pushArtifact({ reference, file: par.file, insecure: true, digestCache: false });
    const env = { TMPDIR: join(dir, 'tmp') };
    const options = { cacheEnv: env, ociAllowedInsecure: [registry.url], log: () => undefined, firstHealthCheckMs: 100 };

    // Insecure registries must be allowed, as for actors.
    await expect(startParProvider(host, reference, { ...options, ociAllowedInsecure: [] })).rejects.toThrow(/refusing anonymous access to/);

    const provider = await startParProvider(host, reference, options);
    await provider.waitHealthy(10000);
    expect(provider.publicKey).toBe(par.subject.publicKey);
    expect(readdirSync(join(dir, 'tmp', 'wasmcloud_ocicache')).sort()).toEqual(
      [`${reference.replace(/[:/.]/g, '_')}.bin`, `${reference.replace(/[:/.]/g, '_')}.digest`].sort(),
    );
    expect(provider.binary).toBe(join(dir, 'tmp', 'wasmcloudcache', par.subject.publicKey, '7', 'wasmcloud_example_fact_provider_default'));

    await expect(startParProvider(host, reference, options)).rejects.toThrow(
      `provider fact-provider (${par.subject.publicKey}) already runs on this host with link name default: stop it first or give another link name`,
    );
    await provider.stop();
    expect(host.providers()).toEqual([]);

    expect(await drain('lib', env)).toEqual([join(dir, 'tmp', 'wasmcloudcache')]);
    expect(existsSync(provider.binary)).toBe(false);
    expect(readdirSync(join(dir, 'tmp', 'wasmcloudcache'))).toEqual([]);
  });
});
