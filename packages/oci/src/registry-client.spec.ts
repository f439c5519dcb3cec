import { PassThrough, Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { RegistryClient, schemeFor, verifyStream } from './registry-client';
import { Transport } from './transport';

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
