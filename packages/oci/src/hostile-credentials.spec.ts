import { rmSync } from 'node:fs';
import { pushArtifact } from './push';
import { pullArtifact } from './pull';
import { readFileSync } from 'node:fs';
import { signedActor, tempDir } from './test-support/fixtures';
import { HostileServer, manifestFor, redirect, sendManifest, sha256, startHostileRegistry } from './test-support/hostile-registry';

// Credentials go to the registry's origin (and the token realm's, for the token request) only.
describe('credentials never leave the registry host', () => {
  const dir = tempDir();
  const servers: HostileServer[] = [];
  let actor: string;
  const USER = 'alice';
  const PASSWORD = 'pw-3c1f0e-never-elsewhere';
  const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

  beforeAll(async () => {
    actor = await signedActor(dir);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function server(handler?: Parameters<typeof startHostileRegistry>[0]): Promise<HostileServer> {
    const s = await startHostileRegistry(handler);
    servers.push(s);
    return s;
  }

  function basicRegistry(elsewhere: HostileServer) {
    return server((req, res) => {
      if (req.headers.authorization !== basic) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="hostile"' }).end();
        return true;
      }
      const path = (req.url ?? '').split('?')[0];
      if (req.method === 'POST' && path.endsWith('/blobs/uploads/')) {
        req.resume();
        res.writeHead(202, { location: `${elsewhere.origin}/upload/${Math.random().toString(36).slice(2)}` }).end();
        return true;
      }
      return false;
    });
  }

  it('push: an upload Location on another host gets no Basic credentials', async () => {
    const storage = await server();
    const reg = await basicRegistry(storage);
    await pushArtifact({
      reference: `${reg.host}/a/echo:1.0.0`,
      file: actor,
      insecure: true,
      credentials: { username: USER, password: PASSWORD },
      env: {},
      digestCache: false,
    });
    expect(storage.requests.filter((r) => r.method === 'PUT').length).toBeGreaterThan(0);
    expect(storage.authorized()).toEqual([]);
    expect(reg.authorized().length).toBeGreaterThan(0);
  });

  it('push: an upload Location on another host gets no Bearer token', async () => {
    const storage = await server();
    const tokens = await server((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: 'tok-9f8e7d', expires_in: 300 }));
      return true;
    });
    const reg = await server((req, res) => {
      if (req.headers.authorization !== 'Bearer tok-9f8e7d') {
        res.writeHead(401, { 'www-authenticate': `Bearer realm="${tokens.origin}/token",service="hostile"` }).end();
        return true;
      }
      const path = (req.url ?? '').split('?')[0];
      if (req.method === 'POST' && path.endsWith('/blobs/uploads/')) {
        req.resume();
        res.writeHead(202, { location: `${storage.origin}/upload/1` }).end();
        return true;
      }
      return false;
    });
    await pushArtifact({
      reference: `${reg.host}/a/echo:1.0.0`,
      file: actor,
      insecure: true,
      credentials: { username: USER, password: PASSWORD },
      env: {},
      digestCache: false,
    });
    expect(storage.requests.length).toBeGreaterThan(0);
    expect(storage.authorized()).toEqual([]);
    // The realm got the user's Basic credentials (that is what it is for); the registry the token.
    expect(tokens.authorized().map((r) => r.headers.authorization)).toContain(basic);
    expect(reg.authorized().every((r) => r.headers.authorization === 'Bearer tok-9f8e7d')).toBe(true);
  });

  it('pull: a blob redirect to another host gets no credentials', async () => {
    const content = readFileSync(actor);
    const layer = { digest: sha256(content), size: content.length };
    const manifest = manifestFor(layer);
    const storage = await server((req, res) => {
      req.resume();
      res.writeHead(200).end(content);
      return true;
    });
    const reg = await server((req, res) => {
      if (req.headers.authorization !== basic) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="hostile"' }).end();
        return true;
      }
      if (/\/manifests\//.test(req.url ?? '')) return (void sendManifest(res, manifest), true);
      if (/\/blobs\//.test(req.url ?? '')) return (void redirect(res, `${storage.origin}/blob`), true);
      return false;
    });
    const out = await pullArtifact({
      reference: `${reg.host}/a/echo:1.0.0`,
      insecure: true,
      credentials: { username: USER, password: PASSWORD },
      env: {},
      cwd: dir,
    });
    expect(readFileSync(out.file).equals(content)).toBe(true);
    expect(storage.requests).toHaveLength(1);
    expect(storage.authorized()).toEqual([]);
  });
});
