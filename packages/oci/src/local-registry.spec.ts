import { chmodSync, existsSync, mkdtempSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { get } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { registryConfig, startLocalRegistry, LocalRegistry } from './local-registry';
import { makeTestCa } from './test-support/tls';
import { makeHtpasswd } from './test-support/htpasswd';

function status(url: string): Promise<number> {
  return new Promise((resolve, reject) => get(url, (res) => (res.resume(), resolve(res.statusCode!))).on('error', reject));
}
function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

describe('startLocalRegistry', () => {
  const started: LocalRegistry[] = [];
  afterAll(async () => {
    for (const r of started) await r.stop();
  });

  it('serves the v2 API over plain HTTP on a free loopback port and stops cleanly', async () => {
    const reg = await startLocalRegistry();
    started.push(reg);
    expect(reg.url).toBe(`127.0.0.1:${reg.port}`);
    expect(reg.port).toBeGreaterThan(0);
    expect(await status(`http://${reg.url}/v2/`)).toBe(200);
    await reg.stop();
    expect(await portOpen(reg.port)).toBe(false);
    await reg.stop(); // idempotent
  });

  it('keeps a caller-given storage dir on stop and leaves no work dir of its own behind', async () => {
    const storage = mkdtempSync(join(tmpdir(), 'reg-storage-'));
    const reg = await startLocalRegistry({ storageDir: storage });
    started.push(reg);
    expect(reg.storageDir).toBe(storage);
    // Our work dir is the one whose config names this storage (other suites start registries in parallel).
    const ours = readdirSync(tmpdir())
      .filter((n) => n.startsWith('nx-wasmcloud-registry-'))
      .map((n) => join(tmpdir(), n))
      .filter((d) => existsSync(join(d, 'config.yml')) && readFileSync(join(d, 'config.yml'), 'utf8').includes(storage));
    expect(ours).toHaveLength(1);
    await reg.stop();
    expect(existsSync(ours[0])).toBe(false);
    expect(existsSync(storage)).toBe(true);
    rmSync(storage, { recursive: true, force: true });
  });

  it('starts two registries side by side on different ports', async () => {
    const [a, b] = await Promise.all([startLocalRegistry(), startLocalRegistry()]);
    started.push(a, b);
    expect(a.port).not.toBe(b.port);
    expect(await status(`http://${a.url}/v2/`)).toBe(200);
    expect(await status(`http://${b.url}/v2/`)).toBe(200);
  });

  it('serves HTTPS with the given certificate and requires htpasswd Basic auth', async () => {
    const ca = makeTestCa();
    const reg = await startLocalRegistry({ tls: { certFile: ca.serverCert, keyFile: ca.serverKey }, htpasswd: makeHtpasswd('alice', 's3cret') });
    started.push(reg);
    expect(reg.scheme).toBe('https');
    const code = (auth?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: reg.port, path: '/v2/', ca: readFileSync(ca.caCert), headers: auth ? { authorization: auth } : {} },
          (res) => (res.resume(), resolve(res.statusCode!)),
        );
        req.on('error', reject);
        req.end();
      });
    expect(await code()).toBe(401);
    expect(await code('Basic ' + Buffer.from('alice:s3cret').toString('base64'))).toBe(200);
    expect(await code('Basic ' + Buffer.from('alice:wrong').toString('base64'))).toBe(401);
  });

  describe('failures', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nx-wasmcloud-fake-registry-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reports the stderr tail when the registry exits early', async () => {
      const bin = join(dir, 'dies');
      writeFileSync(bin, '#!/bin/sh\necho "configuration error: storage driver missing" >&2\nexit 3\n');
      chmodSync(bin, 0o755);
      await expect(startLocalRegistry({ binary: bin })).rejects.toThrow(/exited with code 3[\s\S]*storage driver missing/);
    });

    it('times out with the stderr tail when the registry never answers, and kills it', async () => {
      const bin = join(dir, 'hangs');
      const pidFile = join(dir, 'pid');
      writeFileSync(bin, `#!/bin/sh\necho "still starting up" >&2\necho $$ > ${pidFile}\nexec sleep 60\n`);
      chmodSync(bin, 0o755);
      await expect(startLocalRegistry({ binary: bin, readyTimeoutMs: 400 })).rejects.toThrow(
        /did not answer GET http:\/\/127\.0\.0\.1:\d+\/v2\/ within 400 ms[\s\S]*still starting up/,
      );
      const pid = Number(readFileSync(pidFile, 'utf8'));
      expect(() => process.kill(pid, 0)).toThrow();
    });
  });

  it('says so when an explicitly requested port is taken', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startLocalRegistry({ port })).rejects.toThrow(new RegExp(`port ${port} on 127.0.0.1 is already in use`));
    } finally {
      blocker.close();
    }
  });

  it('writes a config with storage, address, TLS and htpasswd as Distribution expects', () => {
    const cfg = JSON.parse(registryConfig({ host: '127.0.0.1', port: 5001, storageDir: '/s', tls: { certFile: '/c', keyFile: '/k' }, htpasswd: '/h' }));
    expect(cfg.storage.filesystem.rootdirectory).toBe('/s');
    expect(cfg.http.addr).toBe('127.0.0.1:5001');
    expect(cfg.http.tls).toEqual({ certificate: '/c', key: '/k' });
    expect(cfg.auth.htpasswd.path).toBe('/h');
  });
});
