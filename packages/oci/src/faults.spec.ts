import { get } from 'node:http';
import { readFileSync, rmSync } from 'node:fs';
import { IncomingMessage } from 'node:http';
import { sha256Digest } from './digest';
import { startLocalRegistry, LocalRegistry } from './local-registry';
import { pushArtifact } from './push';
import { pullArtifact } from './pull';
import { providerArchive, signedActor, tempDir } from './test-support/fixtures';
import { Fault, FaultProxy, startFaultProxy } from './test-support/fault-proxy';

const retry = { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 };

function status(url: string): Promise<number> {
  return new Promise((resolve, reject) =>
    get(url, { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } }, (res) => (res.resume(), resolve(res.statusCode!))).on('error', reject),
  );
}

describe('push through a fault-injecting proxy in front of the real registry', () => {
  let reg: LocalRegistry;
  const proxies: FaultProxy[] = [];
  const dir = tempDir();
  let actor: string;
  let par: string;

  beforeAll(async () => {
    reg = await startLocalRegistry();
    actor = await signedActor(dir);
    par = await providerArchive(dir, 50_000);
  });
  afterAll(async () => {
    for (const p of proxies) await p.stop();
    await reg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function proxy(decide: (req: IncomingMessage, n: number) => Fault): Promise<FaultProxy> {
    const p = await startFaultProxy({ host: reg.host, port: reg.port }, decide);
    proxies.push(p);
    return p;
  }

  /** Fails the first `times` requests that match, then passes everything. */
  function firstTimes(match: (req: IncomingMessage) => boolean, fault: Fault, times = 1) {
    let left = times;
    return (req: IncomingMessage): Fault => (match(req) && left-- > 0 ? fault : 'pass');
  }

  it('succeeds after 500s, 429s and dropped connections, and the pushed content is intact', async () => {
    const rules = [
      firstTimes((r) => r.method === 'HEAD', { status: 429, retryAfter: '0' }),
      firstTimes((r) => r.method === 'POST', { status: 500 }),
      firstTimes((r) => r.method === 'PUT' && r.url!.includes('/blobs/uploads/'), 'drop'),
      firstTimes((r) => r.method === 'PUT' && r.url!.includes('/manifests/'), { status: 503 }),
    ];
    const p = await proxy((req) => {
      for (const rule of rules) {
        const f = rule(req);
        if (f !== 'pass') return f;
      }
      return 'pass';
    });
    const retries: string[] = [];
    const result = await pushArtifact({ reference: `${p.url}/flaky/echo:1.0.0`, file: actor, insecure: true, retry, onRetry: (r) => retries.push(r.what) });
    expect(
      p.log
        .filter((l) => l.fault !== 'pass')
        .map((l) => l.fault)
        .sort(),
    ).toEqual(['429', '500', '503', 'drop']);
    expect(retries).toHaveLength(4);
    const pulled = await pullArtifact({ reference: `${reg.url}/flaky/echo:1.0.0`, insecure: true, cwd: tempDir(), digest: result.digest });
    expect(readFileSync(pulled.file).equals(readFileSync(actor))).toBe(true);
  });

  it('restarts a chunked upload whose connection drops mid-body', async () => {
    const p = await proxy(firstTimes((r) => r.method === 'PATCH', 'drop-mid-body'));
    const result = await pushArtifact({ reference: `${p.url}/flaky/par:1.0.0`, file: par, insecure: true, retry, monolithicMax: 4096, chunkSize: 16384 });
    expect(p.log.some((l) => l.fault === 'drop-mid-body')).toBe(true);
    const pulled = await pullArtifact({ reference: `${reg.url}/flaky/par:1.0.0`, insecure: true, cwd: tempDir(), digest: result.digest });
    expect(readFileSync(pulled.file).equals(readFileSync(par))).toBe(true);
  });

  it('recovers a speculative (hash-while-uploading) upload whose connection drops, and one whose session is lost', async () => {
    const p = await proxy(firstTimes((r) => r.method === 'PATCH', 'drop-mid-body', 1));
    const opts = { insecure: true, retry, monolithicMax: 4096, chunkSize: 16384, speculativeUploadMin: 1, digestCache: false as const };
    const result = await pushArtifact({ reference: `${p.url}/flaky/spec:1.0.0`, file: par, ...opts });
    expect(p.log.some((l) => l.fault === 'drop-mid-body')).toBe(true);
    const pulled = await pullArtifact({ reference: `${reg.url}/flaky/spec:1.0.0`, insecure: true, cwd: tempDir(), digest: result.digest });
    expect(readFileSync(pulled.file).equals(readFileSync(par))).toBe(true);
    // Every PATCH fails: the speculative stream gives up, the ordinary upload is tried and fails clearly.
    const q = await proxy((req) => (req.method === 'PATCH' ? { status: 500 } : 'pass'));
    await expect(pushArtifact({ reference: `${q.url}/flaky/spec2:1.0.0`, file: par, ...opts })).rejects.toThrow(/failed after 4 attempts: .*answered 500/);
    expect(await status(`http://${reg.url}/v2/flaky/spec2/manifests/1.0.0`)).toBe(404);
  });

  it('streams a large blob in one PATCH, read once for upload, digest and validation', async () => {
    const big = await providerArchive(dir, 3_000_000);
    const p = await proxy(() => 'pass');
    const result = await pushArtifact({ reference: `${p.url}/whole/par:1.0.0`, file: big, insecure: true, digestCache: false, speculativeUploadMin: 1 });
    expect(result).toMatchObject({ uploaded: 2, kind: 'provider' });
    expect(p.log.filter((l) => l.method === 'PATCH')).toHaveLength(1);
    const pulled = await pullArtifact({ reference: `${reg.url}/whole/par:1.0.0`, insecure: true, cwd: tempDir(), digest: result.digest });
    expect(readFileSync(pulled.file).equals(readFileSync(big))).toBe(true);
  });

  it('falls back to smaller PATCH chunks when a proxy refuses a large request body (413)', async () => {
    const big = await providerArchive(dir, 3_000_000);
    const limit = 1_500_000;
    // PATCH bodies are chunked (no Content-Length); their Content-Range says how large they are.
    const bodySize = (req: IncomingMessage) => {
      const range = /^(\d+)-(\d+)$/.exec(String(req.headers['content-range'] ?? ''));
      return req.headers['content-length'] !== undefined ? Number(req.headers['content-length']) : range ? Number(range[2]) - Number(range[1]) + 1 : 0;
    };
    const p = await proxy((req) => (req.method === 'PATCH' && bodySize(req) > limit ? { status: 413 } : 'pass'));
    const retries: string[] = [];
    const result = await pushArtifact({
      reference: `${p.url}/capped/par:1.0.0`,
      file: big,
      insecure: true,
      retry,
      digestCache: false,
      speculativeUploadMin: 1,
      onRetry: (r) => retries.push(r.reason),
    });
    // The whole-blob PATCH was refused once; every PATCH after that fits under the cap.
    expect(p.log.filter((l) => l.fault === '413')).toHaveLength(1);
    expect(retries).toEqual([expect.stringMatching(/refused a \d+-byte PATCH as too large \(413\); sending 1048576-byte chunks/)]);
    expect(p.log.filter((l) => l.method === 'PATCH' && l.fault === 'pass').length).toBeGreaterThanOrEqual(3);
    const pulled = await pullArtifact({ reference: `${reg.url}/capped/par:1.0.0`, insecure: true, cwd: tempDir(), digest: result.digest });
    expect(readFileSync(pulled.file).equals(readFileSync(big))).toBe(true);
  });

  it('sends Content-Length on uploads to a registry that refuses chunked bodies (411)', async () => {
    const big = await providerArchive(dir, 9_000_000);
    const p = await proxy((req) => (req.method === 'PATCH' && req.headers['content-length'] === undefined ? { status: 411 } : 'pass'));
    const retries: string[] = [];
    const result = await pushArtifact({
      reference: `${p.url}/lengthy/par:1.0.0`,
      file: big,
      insecure: true,
      retry,
      digestCache: false,
      onRetry: (r) => retries.push(r.reason),
    });
    expect(retries).toEqual([expect.stringMatching(/requires Content-Length on uploads \(411\)/)]);
    const pulled = await pullArtifact({ reference: `${reg.url}/lengthy/par:1.0.0`, insecure: true, cwd: tempDir(), digest: result.digest });
    expect(readFileSync(pulled.file).equals(readFileSync(big))).toBe(true);
  });

  it('lets a blob still being retried finish before a failed push returns (nothing keeps running after)', async () => {
    const CONFIG = '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';
    // The layer fails at once (403 on its HEAD); the config blob's upload is still retrying 500s.
    const p = await proxy((req) => (req.method === 'HEAD' && !req.url!.includes(CONFIG) ? { status: 403 } : req.method === 'POST' ? { status: 500 } : 'pass'));
    const slow = { attempts: 3, baseDelayMs: 100, maxDelayMs: 100 };
    await expect(pushArtifact({ reference: `${p.url}/settle/echo:1.0.0`, file: actor, insecure: true, retry: slow, digestCache: false })).rejects.toThrow();
    const seen = p.log.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(p.log.length).toBe(seen);
    expect(p.log.filter((l) => l.method === 'POST')).toHaveLength(3);
  });

  it('fails clearly when blob uploads keep failing, and pushes no manifest', async () => {
    const p = await proxy((req) => (req.method === 'PUT' && req.url!.includes('/blobs/uploads/') ? { status: 500 } : 'pass'));
    const err = await pushArtifact({ reference: `${p.url}/broken/echo:1.0.0`, file: actor, insecure: true, retry }).catch((e) => e);
    expect(err.isUserError).toBe(true);
    expect(err.message).toMatch(/^upload blob sha256:[0-9a-f]{64} failed after 4 attempts: .*answered 500/);
    // (A HEAD of the tag, to learn what it held before, is not a push.)
    expect(p.log.some((l) => l.method !== 'HEAD' && l.path.includes('/manifests/'))).toBe(false);
    expect(await status(`http://${reg.url}/v2/broken/echo/manifests/1.0.0`)).toBe(404);
  });

  it('trusts a 201 for a blob, and when the registry lost it anyway, the refused manifest names the blob', async () => {
    // The layer's commit is answered 201 by the proxy and never reaches the registry.
    const layer = sha256Digest(readFileSync(actor));
    const p = await proxy((req) => (req.method === 'PUT' && req.url!.includes(`digest=${encodeURIComponent(layer)}`) ? { status: 201 } : 'pass'));
    const err = await pushArtifact({ reference: `${p.url}/lost/echo:1.0.0`, file: actor, insecure: true, retry, digestCache: false }).catch((e) => e);
    expect(err.message).toMatch(/^PUT manifest lost\/echo:1\.0\.0: 127\.0\.0\.1:\d+ answered 400: MANIFEST_BLOB_UNKNOWN: .* \(sha256:[0-9a-f]{64}\)/);
    expect(err.message).toContain(layer);
    // No confirming HEAD after the 201s: the manifest PUT is the check. Once it is refused, each
    // round HEADs both blobs, uploads the missing one again (the proxy swallows it again), and PUTs
    // the manifest again: three rounds, then the refusal stands.
    const manifestPuts = p.log.filter((l) => l.method === 'PUT' && l.path.includes('/manifests/'));
    expect(manifestPuts).toHaveLength(4);
    const blobHeads = (log: typeof p.log) => log.filter((l) => l.method === 'HEAD' && l.path.includes('/blobs/'));
    expect(blobHeads(p.log)).toHaveLength(2 + 3 * 2);
    expect(blobHeads(p.log.slice(0, p.log.indexOf(manifestPuts[0])))).toHaveLength(2);
    expect(await status(`http://${reg.url}/v2/lost/echo/manifests/1.0.0`)).toBe(404);
  });

  it('fails clearly when the manifest PUT keeps failing; the tag is never created', async () => {
    const p = await proxy((req) => (req.method === 'PUT' && req.url!.includes('/manifests/') ? 'drop' : 'pass'));
    await expect(pushArtifact({ reference: `${p.url}/broken/par:1.0.0`, file: actor, insecure: true, retry })).rejects.toThrow(
      /^PUT manifest broken\/par:1\.0\.0 failed after 4 attempts/,
    );
    expect(await status(`http://${reg.url}/v2/broken/par/manifests/1.0.0`)).toBe(404);
  });

  it('retries dropped downloads on pull', async () => {
    await pushArtifact({ reference: `${reg.url}/dl/echo:1.0.0`, file: actor, insecure: true });
    const p = await proxy(firstTimes((r) => r.method === 'GET' && r.url!.includes('/blobs/'), 'drop', 2));
    const pulled = await pullArtifact({ reference: `${p.url}/dl/echo:1.0.0`, insecure: true, cwd: tempDir(), retry });
    expect(readFileSync(pulled.file).equals(readFileSync(actor))).toBe(true);
  });
});
