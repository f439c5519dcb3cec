import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ServerResponse } from 'node:http';
import { pullArtifact } from './pull';
import { runTs, waitFor } from './test-support/child';
import { tempDir } from './test-support/fixtures';
import { endlessBody, HostileServer, manifestFor, sendManifest, startHostileRegistry } from './test-support/hostile-registry';

const FAKE_DIGEST = `sha256:${'ab'.repeat(32)}`;

/** Serves a manifest whose one layer declares `size` bytes, and answers the blob GET with `blob`. */
function layerServer(size: number, blob: (res: ServerResponse) => void): Promise<HostileServer> {
  const manifest = manifestFor({ digest: FAKE_DIGEST, size });
  return startHostileRegistry((req, res) => {
    if (/\/manifests\//.test(req.url ?? '')) return (void sendManifest(res, manifest), true);
    if (/\/blobs\//.test(req.url ?? '')) return (void blob(res), true);
    return false;
  });
}

/** 2 MiB, then silence on an open connection: a pull that is under way when the signal comes. */
function stall(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/octet-stream' });
  res.write(Buffer.alloc(2 << 20));
}

describe('pull from a registry that lies about sizes', () => {
  const servers: HostileServer[] = [];
  const track = async (s: Promise<HostileServer>) => (servers.push(await s), servers.at(-1)!);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('refuses a layer declaring 2^53 - 1 bytes before downloading anything', async () => {
    const reg = await track(layerServer(2 ** 53 - 1, (res) => endlessBody(res)));
    const cwd = tempDir();
    const err = await pullArtifact({ reference: `${reg.host}/a/big:1.0.0`, insecure: true, env: {}, cwd }).catch((e: Error) => e);
    expect((err as Error).message).toBe(
      `${reg.host}/a/big:1.0.0 (1 layer as its manifest declares them) is 9007199254740991 bytes, more than the 512 MiB limit: if it is genuine, raise the limit with NX_WASMCLOUD_OCI_MAX_BYTES=<bytes> (e.g. 2GiB)`,
    );
    expect((err as { isUserError?: boolean }).isUserError).toBe(true);
    expect(reg.requests.filter((r) => /\/blobs\//.test(r.url))).toEqual([]);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('honours NX_WASMCLOUD_OCI_MAX_BYTES and the maxBytes option', async () => {
    const reg = await track(layerServer(2 << 20, (res) => endlessBody(res)));
    const cwd = tempDir();
    await expect(pullArtifact({ reference: `${reg.host}/a/big:1.0.0`, insecure: true, env: { NX_WASMCLOUD_OCI_MAX_BYTES: '1MiB' }, cwd })).rejects.toThrow(
      /is 2 MiB, more than the 1 MiB limit/,
    );
    await expect(pullArtifact({ reference: `${reg.host}/a/big:1.0.0`, insecure: true, env: {}, maxBytes: 1000, cwd })).rejects.toThrow(
      /more than the 1000 bytes limit/,
    );
  });

  it('stops an endless body at the declared size and leaves no file', async () => {
    let body: { written(): number } | undefined;
    const reg = await track(layerServer(1 << 20, (res) => (body = endlessBody(res))));
    const cwd = tempDir();
    const err = await pullArtifact({ reference: `${reg.host}/a/big:1.0.0`, insecure: true, env: {}, cwd }).catch((e: Error) => e);
    expect((err as Error).message).toBe(`blob ${FAKE_DIGEST} is larger than the 1048576 bytes its descriptor declares`);
    expect(body!.written()).toBeLessThan(64 << 20);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses a body whose Content-Length exceeds the declared size without reading it', async () => {
    const reg = await track(layerServer(10, (res) => res.writeHead(200, { 'content-length': String(1 << 30) }).write('x')));
    const cwd = tempDir();
    await expect(pullArtifact({ reference: `${reg.host}/a/big:1.0.0`, insecure: true, env: {}, cwd })).rejects.toThrow(
      `blob ${FAKE_DIGEST} from ${reg.host} is 1073741824 bytes, its descriptor declares 10`,
    );
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('gives up on a body that stalls after its headers (idle timeout, retried)', async () => {
    const reg = await track(layerServer(4 << 20, stall));
    const cwd = tempDir();
    const err = await pullArtifact({
      reference: `${reg.host}/a/big:1.0.0`,
      insecure: true,
      env: {},
      cwd,
      idleTimeoutMs: 300,
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    }).catch((e: Error) => e);
    expect((err as Error).message).toBe(`GET blob ${FAKE_DIGEST} failed after 2 attempts: no data from ${reg.host} for 300 ms (ETIMEDOUT)`);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('a pull killed with %s mid-download removes its temp file', async (signal) => {
    const reg = await track(layerServer(400 << 20, stall));
    const cwd = tempDir();
    const child = runTs(`
      const { pullArtifact } = require(src + '/pull');
      pullArtifact({ reference: '${reg.host}/a/big:1.0.0', insecure: true, env: {}, cwd: ${JSON.stringify(cwd)} });
    `);
    const tmp = await waitFor(() => readdirSync(cwd).find((f) => /^\.pull\..*\.tmp$/.test(f) && statSync(join(cwd, f)).size > 0), 20_000, 'the temp file');
    expect(tmp).toBeTruthy();
    child.proc.kill(signal);
    expect(await child.exited).toEqual({ code: null, signal });
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('claims/par inspect of a reference killed mid-download removes its temp dir in $TMPDIR', async () => {
    const reg = await track(layerServer(400 << 20, stall));
    const tmpdir = tempDir();
    const child = runTs(
      `
      const { artifactForInspect } = require(src + '/inspect-source');
      artifactForInspect({ reference: '${reg.host}/a/big:1.0.0', insecure: true, env: { TMPDIR: ${JSON.stringify(tmpdir)} } });
    `,
      { TMPDIR: tmpdir },
    );
    await waitFor(
      () => {
        const d = readdirSync(tmpdir).find((f) => f.startsWith('nx-wasmcloud-inspect-'));
        return d && readdirSync(join(tmpdir, d)).some((f) => statSync(join(tmpdir, d, f)).size > 0);
      },
      20_000,
      'the inspect download',
    );
    child.proc.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(readdirSync(tmpdir).filter((f) => f.startsWith('nx-wasmcloud-inspect-'))).toEqual([]);
  });
});
