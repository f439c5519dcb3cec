import { rmSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { RegistryClient, schemeFor, verifyStream } from './registry-client';
import { Transport } from './transport';
import { startLocalRegistry } from './local-registry';
import { pushArtifact } from './push';
import { signedActor, tempDir } from './test-support/fixtures';
import { skopeo } from './test-support/skopeo';

describe('schemeFor', () => {
  it('uses HTTPS unless --insecure or listed in WASMCLOUD_OCI_ALLOWED_INSECURE', () => {
    expect(schemeFor('localhost:5000', false, {})).toBe('https');
    expect(schemeFor('localhost:5000', true, {})).toBe('http');
    expect(schemeFor('localhost:5000', false, { WASMCLOUD_OCI_ALLOWED_INSECURE: 'a:1, LOCALHOST:5000' })).toBe('http');
    expect(schemeFor('localhost:5001', false, { WASMCLOUD_OCI_ALLOWED_INSECURE: 'localhost:5000' })).toBe('https');
  });
});

describe('verifyStream', () => {
  const data = Buffer.from('hello world');
  const digest = 'sha256:' + createHash('sha256').update(data).digest('hex');
  const sink = () => {
    const out = new PassThrough();
    out.resume();
    return out;
  };

  it('passes bytes that match digest and size', async () => {
    await expect(verifyStream(Readable.from([data]), sink(), digest, data.length)).resolves.toBeUndefined();
  });

  it('fails on a wrong digest, a short body and an overlong body', async () => {
    await expect(verifyStream(Readable.from([Buffer.from('hello worle')]), sink(), digest, 11)).rejects.toThrow(/does not match its digest: expected sha256:/);
    await expect(verifyStream(Readable.from([data.subarray(0, 5)]), sink(), digest, 11)).rejects.toThrow(/has 5 bytes, its descriptor declares 11/);
    await expect(verifyStream(Readable.from([data, data]), sink(), digest, 11)).rejects.toThrow(/larger than the 11 bytes/);
  });
});

describe('RegistryClient: requests alongside the ping', () => {
  // A server that answers the ping only once another request has arrived (a delay no real
  // registry produces on demand): a client that waited for the ping would never send it.
  async function holdingServer(pingStatus: number) {
    const seen: string[] = [];
    let releasePing: (() => void) | undefined;
    let otherArrived = false;
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.url === '/v2/') {
        releasePing = () => res.writeHead(pingStatus).end();
        if (otherArrived) releasePing();
        return;
      }
      otherArrived = true;
      res.writeHead(404).end();
      releasePing?.();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const transport = new Transport({ env: {} });
    const client = new RegistryClient({ registry: `127.0.0.1:${port}`, scheme: 'http', transport });
    const close = () => {
      transport.close();
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    };
    return { seen, client, close };
  }

  it('sends a bodiless request before the ping answers, saving a round trip', async () => {
    const s = await holdingServer(200);
    try {
      await expect(s.client.blobExists('x/y', `sha256:${'0'.repeat(64)}`)).resolves.toBe(false);
      expect(s.seen.sort()).toEqual(['GET /v2/', `HEAD /v2/x/y/blobs/sha256:${'0'.repeat(64)}`]);
    } finally {
      await s.close();
    }
  });

  it("still reports the ping's verdict first when the host is not a registry", async () => {
    const s = await holdingServer(404);
    try {
      await expect(s.client.blobExists('x/y', `sha256:${'0'.repeat(64)}`)).rejects.toThrow(/does not implement the OCI distribution API/);
    } finally {
      await s.close();
    }
  });
});

describe('RegistryClient.manifestDigest', () => {
  it("names what a tag holds on a real registry (the digest skopeo reads), and undefined for a tag that doesn't exist", async () => {
    const reg = await startLocalRegistry();
    const dir = tempDir();
    const transport = new Transport({ env: {} });
    try {
      const pushed = await pushArtifact({ reference: `${reg.url}/md/echo:1.0.0`, file: await signedActor(dir), insecure: true, digestCache: false });
      const client = new RegistryClient({ registry: reg.url, scheme: 'http', transport });
      const raw = skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${reg.url}/md/echo:1.0.0`]);
      await expect(client.manifestDigest('md/echo', '1.0.0')).resolves.toBe('sha256:' + createHash('sha256').update(raw).digest('hex'));
      expect(pushed.digest).toBe('sha256:' + createHash('sha256').update(raw).digest('hex'));
      await expect(client.manifestDigest('md/echo', '2.0.0')).resolves.toBeUndefined();
      await expect(client.manifestDigest('md/never-pushed', '1.0.0')).resolves.toBeUndefined();
    } finally {
      transport.close();
      await reg.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // No real registry omits the header on demand: a server that does, to reach the fallback.
  it('hashes the manifest bytes when HEAD answers without a well-formed Docker-Content-Digest', async () => {
    const manifest = Buffer.from('{"schemaVersion":2}');
    const server = createServer((req, res) => {
      if (req.url === '/v2/') return res.writeHead(200).end();
      if (req.url === '/v2/x/y/manifests/bad') res.setHeader('docker-content-digest', 'sha256:../../not-a-digest');
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
      res.end(req.method === 'HEAD' ? undefined : manifest);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const transport = new Transport({ env: {} });
    try {
      const client = new RegistryClient({ registry: `127.0.0.1:${(server.address() as AddressInfo).port}`, scheme: 'http', transport });
      const expected = 'sha256:' + createHash('sha256').update(manifest).digest('hex');
      await expect(client.manifestDigest('x/y', 'none')).resolves.toBe(expected);
      await expect(client.manifestDigest('x/y', 'bad')).resolves.toBe(expected);
    } finally {
      transport.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
