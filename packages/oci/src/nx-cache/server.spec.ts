import { createHash, randomBytes } from 'node:crypto';
import { startLocalRegistry, LocalRegistry } from '../local-registry';
import { makeTestCa, TestCa } from '../test-support/tls';
import { makeHtpasswd } from '../test-support/htpasswd';
import { skopeo } from '../test-support/skopeo';
import { tempDir } from '../test-support/fixtures';
import { OciRecordStore } from './record-store';
import { NxCacheServer, startNxCacheServer } from './server';
import { NX_CACHE_CONFIG, NX_CACHE_LAYER, NX_HASH_ANNOTATION } from './media-types';

const USER = 'cache-bot';
const PASSWORD = 'registry-password-123';
const RW = 'rw-token-abc';
const RO = 'ro-token-xyz';
const sha256 = (b: Buffer | string) => 'sha256:' + createHash('sha256').update(b).digest('hex');

describe('the Nx cache server over the real registry (htpasswd auth, TLS)', () => {
  let ca: TestCa;
  let reg: LocalRegistry;
  let store: OciRecordStore;
  let server: NxCacheServer;
  let readOnlyServer: NxCacheServer;
  const logs: string[] = [];
  const repo = () => `${reg.url}/team/nx-cache`;
  const skopeoAuth = () => ['--cert-dir', ca.certDir, '--creds', `${USER}:${PASSWORD}`];

  const call = (path: string, init: RequestInit & { token?: string } = {}, base = server) =>
    fetch(`${base.url}${path}`, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    });
  const tags = (): string[] => {
    try {
      return JSON.parse(skopeo(['list-tags', ...skopeoAuth(), `docker://${repo()}`]).toString()).Tags.sort();
    } catch (err) {
      if (/name unknown|repository name not known/i.test(String(err))) return [];
      throw err;
    }
  };

  beforeAll(async () => {
    ca = makeTestCa();
    reg = await startLocalRegistry({ tls: { certFile: ca.serverCert, keyFile: ca.serverKey }, htpasswd: makeHtpasswd(USER, PASSWORD) });
    store = await OciRecordStore.open({
      repository: repo(),
      caFile: ca.caCert,
      env: { WASH_REG_USER: USER, WASH_REG_PASSWORD: PASSWORD, HOME: tempDir() },
      spoolDir: tempDir(),
    });
    await store.check(true);
    server = await startNxCacheServer({ store, tokens: { readWrite: RW, readOnly: RO }, spoolDir: tempDir(), log: (l) => logs.push(l) });
    readOnlyServer = await startNxCacheServer({ store, tokens: { readWrite: RW }, readOnly: true, spoolDir: tempDir() });
  });
  afterAll(async () => {
    await server?.stop();
    await readOnlyServer?.stop();
    store?.close();
    await reg?.stop();
  });

  it('a miss is 404; a PUT stores the tar as an OCI artifact tagged by the hash; a GET returns the same bytes', async () => {
    const body = randomBytes(3000);
    expect((await call('/v1/cache/1001', { token: RW })).status).toBe(404);
    expect((await call('/v1/cache/1001', { method: 'PUT', body, token: RW })).status).toBe(200);
    const got = await call('/v1/cache/1001', { token: RO });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await got.arrayBuffer()).equals(body)).toBe(true);

    // skopeo, an independent client, sees the artifact: our media types, the tar as the one layer.
    const manifest = JSON.parse(skopeo(['inspect', '--raw', ...skopeoAuth(), `docker://${repo()}:1001`]).toString());
    expect(manifest.config.mediaType).toBe(NX_CACHE_CONFIG);
    expect(manifest.layers).toEqual([
      { mediaType: NX_CACHE_LAYER, digest: sha256(body), size: body.length, annotations: { 'org.opencontainers.image.title': '1001.tar' } },
    ]);
    expect(manifest.annotations[NX_HASH_ANNOTATION]).toBe('1001');
    expect(tags()).toContain('1001');
  });

  it('never overwrites a record: a second PUT is 409 and the first bytes stay', async () => {
    const first = randomBytes(100);
    expect((await call('/v1/cache/1002', { method: 'PUT', body: first, token: RW })).status).toBe(200);
    const again = await call('/v1/cache/1002', { method: 'PUT', body: randomBytes(100), token: RW });
    expect(again.status).toBe(409);
    expect(Buffer.from(await (await call('/v1/cache/1002', { token: RW })).arrayBuffer()).equals(first)).toBe(true);
  });

  it('refuses a missing or wrong token (401) and a read-only token or read-only server writing (403), leaving no tag', async () => {
    expect((await call('/v1/cache/1001')).status).toBe(401);
    const wrong = await call('/v1/cache/1001', { token: 'rw-token-abd' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain(RW);
    expect((await call('/v1/cache/1003', { method: 'PUT', body: 'x', token: 'nope' })).status).toBe(401);
    expect((await call('/v1/cache/1003', { method: 'PUT', body: 'x', token: RO })).status).toBe(403);
    expect((await call('/v1/cache/1003', { method: 'PUT', body: 'x', token: RW }, readOnlyServer)).status).toBe(403);
    expect((await call('/v1/cache/1001', { token: RW }, readOnlyServer)).status).toBe(200);
    expect(tags()).not.toContain('1003');
    expect(logs.join('\n')).not.toMatch(new RegExp(`${RW}|${RO}|${PASSWORD}`));
  });

  it('concurrent PUTs of one hash end with one record: one 200, the rest 409, and GET serves the winner', async () => {
    const bodies = Array.from({ length: 5 }, () => randomBytes(2000));
    const statuses = await Promise.all(bodies.map((body) => call('/v1/cache/1004', { method: 'PUT', body, token: RW }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(4);
    const winner = bodies[statuses.indexOf(200)];
    expect(Buffer.from(await (await call('/v1/cache/1004', { token: RW })).arrayBuffer()).equals(winner)).toBe(true);
  });

  it('answers 400 to a body shorter than its Content-Length, storing nothing', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/v1/cache/1005`, { method: 'PUT', headers: { authorization: `Bearer ${RW}`, 'content-length': '100' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', () => resolve(-1));
      req.write(Buffer.alloc(10));
      setTimeout(() => req.destroy(), 50);
      void reject;
    });
    expect([400, -1]).toContain(status);
    expect(tags()).not.toContain('1005');
  });

  it('holds larger records in a temp file on the way through (over 8 MiB)', async () => {
    const body = randomBytes((8 << 20) + 4096);
    expect((await call('/v1/cache/1006', { method: 'PUT', body, token: RW })).status).toBe(200);
    const got = Buffer.from(await (await call('/v1/cache/1006', { token: RW })).arrayBuffer());
    expect(sha256(got)).toBe(sha256(body));
  });
});
