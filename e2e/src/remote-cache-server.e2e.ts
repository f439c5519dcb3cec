// The test remote cache server speaks the Nx self-hosted cache API as Nx's OpenAPI describes it:
// GET 200/404, PUT 200 then 409 (no overwrite), bearer token (401 without, 403 read-only PUT).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const { start } = require('../../tools/remote-cache-server.js') as {
  start(opts: { dir: string; token?: string; readOnlyToken?: string }): Promise<{ url: string; stats: Record<string, number>; stop(): Promise<void> }>;
};

describe('tools/remote-cache-server.js', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof start>>;
  const auth = { authorization: 'Bearer full-token' };

  beforeAll(async () => {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nx-remote-cache-')), 'store');
    server = await start({ dir, token: 'full-token', readOnlyToken: 'read-token' });
  });
  afterAll(async () => {
    await server.stop();
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('answers 404 for an unknown hash, stores a PUT and serves it back byte for byte', async () => {
    expect((await fetch(`${server.url}/v1/cache/1234`, { headers: auth })).status).toBe(404);
    const body = Buffer.from([0, 1, 2, 255, 254]);
    const put = await fetch(`${server.url}/v1/cache/1234`, { method: 'PUT', headers: { ...auth, 'content-length': String(body.length) }, body });
    expect(put.status).toBe(200);
    const got = await fetch(`${server.url}/v1/cache/1234`, { headers: auth });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await got.arrayBuffer())).toEqual(body);
  });

  it('refuses to overwrite a record (409) and keeps the first bytes', async () => {
    await fetch(`${server.url}/v1/cache/5678`, { method: 'PUT', headers: auth, body: 'first' });
    const again = await fetch(`${server.url}/v1/cache/5678`, { method: 'PUT', headers: auth, body: 'second' });
    expect(again.status).toBe(409);
    expect(await (await fetch(`${server.url}/v1/cache/5678`, { headers: auth })).text()).toBe('first');
  });

  it('needs the bearer token; a read-only token may read but not write', async () => {
    expect((await fetch(`${server.url}/v1/cache/1234`)).status).toBe(401);
    expect((await fetch(`${server.url}/v1/cache/1234`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const read = { authorization: 'Bearer read-token' };
    expect((await fetch(`${server.url}/v1/cache/1234`, { headers: read })).status).toBe(200);
    expect((await fetch(`${server.url}/v1/cache/abcd`, { method: 'PUT', headers: read, body: 'x' })).status).toBe(403);
    expect(fs.existsSync(path.join(dir, 'abcd'))).toBe(false);
  });

  it('never serves a path outside the storage dir', async () => {
    fs.writeFileSync(path.join(path.dirname(dir), 'outside-secret'), 'no');
    const res = await fetch(`${server.url}/v1/cache/..%2Foutside-secret`, { headers: auth });
    expect(res.status).toBe(404);
  });
});
