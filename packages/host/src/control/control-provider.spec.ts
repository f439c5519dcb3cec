import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { LocalRegistry, pushArtifact, startLocalRegistry } from '@nx-wasmcloud/oci';
import { LatticeHost } from '../lattice/lattice-host';
import { NatsServer, startNatsServer } from '../lattice/nats-server';
import { minimalProviderBinary, packPar } from '../providers/test-support/provider-fixture';
import { getClaims, getInventory, startProvider, stopProvider } from './control-client';
import { ControlServer } from './control-server';

jest.setTimeout(180_000);

describe('control interface: a provider from a PAR in the registry (minimal template, real process)', () => {
  let server: NatsServer;
  let registry: LocalRegistry;
  let host: LatticeHost;
  let ctl: ControlServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'host-ctl-prov-'));
    [server, registry] = await Promise.all([startNatsServer(), startLocalRegistry()]);
    host = await LatticeHost.start({ natsUrl: server.url, lattice: 'ctlprov', clusterSeed: KeyPair.create('cluster').seed, log: () => undefined });
    ctl = ControlServer.start(host, { env: { ...process.env, TMPDIR: dir, WASMCLOUD_OCI_ALLOWED_INSECURE: registry.url }, log: () => undefined });
  });
  afterAll(async () => {
    await ctl?.close();
    await host?.close();
    await Promise.all([server?.stop(), registry?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('start provider: provider_started names its key, contract and link; inventory and claims list it; stop provider ends it', async () => {
    const par = await packPar(minimalProviderBinary(), join(dir, 'fact.par.gz'));
    const ref = `${registry.url}/ctl/fact:0.1.0`;
    await pushArtifact({ reference: ref, file: par.file, insecure: true, digestCache: false });
    const o = { nats: server.url, lattice: 'ctlprov' };
    const started = await startProvider(o, { ref, linkName: 'blue' });
    expect(started).toEqual({ hostId: host.hostId, providerId: par.subject.publicKey, contractId: 'wasmcloud:example:fact_provider', linkName: 'blue' });
    const inv = await getInventory(o);
    expect(inv.providers).toEqual([
      {
        id: par.subject.publicKey,
        name: 'fact-provider',
        image_ref: ref,
        contract_id: 'wasmcloud:example:fact_provider',
        link_name: 'blue',
        revision: 0,
        annotations: {},
      },
    ]);
    expect(await getClaims(o)).toEqual([expect.objectContaining({ sub: par.subject.publicKey, contract_id: 'wasmcloud:example:fact_provider' })]);
    await expect(startProvider(o, { ref, linkName: 'blue', hostId: host.hostId })).rejects.toThrow(
      'start provider ' + ref + ': Provider with that link name is already running on this host',
    );
    expect(await stopProvider(o, { providerId: par.subject.publicKey, linkName: 'blue' })).toEqual({ hostId: host.hostId });
    expect(host.providers()).toEqual([]);
  });
});
