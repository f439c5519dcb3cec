import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { LocalRegistry, startLocalRegistry } from './local-registry';
import { pushArtifact } from './push';
import { runTs, waitFor } from './test-support/child';
import { FaultProxy, startFaultProxy } from './test-support/fault-proxy';
import { signedActor, tempDir, tinyModule } from './test-support/fixtures';

const MiB = 1 << 20;

// An invalid artifact is refused before upload, or its upload session is cancelled (DELETE), on
// every failure path: validation, a failed request, Ctrl-C, SIGTERM. Checked in the real
// registry's storage, where an open session is a directory under <repo>/_uploads.
describe('upload sessions are never left open', () => {
  let reg: LocalRegistry;
  const proxies: FaultProxy[] = [];
  const dir = tempDir();
  let unsigned: string;
  let garbage: string;

  beforeAll(async () => {
    reg = await startLocalRegistry();
    // A module (the magic, then a 40 MiB custom section) without claims: only its end says it is unsigned.
    unsigned = join(dir, 'unsigned.wasm');
    writeFileSync(unsigned, tinyModule(40 * MiB));
    garbage = join(dir, 'garbage.bin');
    writeFileSync(garbage, randomBytes(40 * MiB));
  });
  afterAll(async () => {
    for (const p of proxies) await p.stop();
    await reg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const repoDir = (repo: string) => join(reg.storageDir, 'docker', 'registry', 'v2', 'repositories', repo);
  // An open session has its startedat file (and its data). Distribution's DELETE removes both but
  // then writes back an empty hashstates/ stub, which no request can reach (GET answers 404).
  const openSessions = (repo: string) => {
    const uploads = join(repoDir(repo), '_uploads');
    return existsSync(uploads) ? readdirSync(uploads).filter((id) => existsSync(join(uploads, id, 'startedat')) || existsSync(join(uploads, id, 'data'))) : [];
  };
  /** Bytes held by open sessions of `repo`. */
  const sessionBytes = (repo: string) =>
    openSessions(repo).reduce((n, id) => {
      const data = join(repoDir(repo), '_uploads', id, 'data');
      return n + (existsSync(data) ? statSync(data).size : 0);
    }, 0);

  it('refuses a 40 MiB file that is neither wasm nor an archive before uploading anything', async () => {
    const proxy = await startFaultProxy({ host: reg.host, port: reg.port }, () => 'pass');
    proxies.push(proxy);
    await expect(pushArtifact({ reference: `${proxy.url}/cancel/garbage:1.0.0`, file: garbage, insecure: true, env: {}, digestCache: false })).rejects.toThrow(
      `Unsupported artifact type: '${garbage}' is neither a signed actor (it is not a WebAssembly module) nor a valid provider archive (it is neither gzip nor tar)`,
    );
    expect(proxy.log.filter((r) => r.method === 'POST' || r.method === 'PATCH')).toEqual([]);
    expect(openSessions('cancel/garbage')).toEqual([]);
  });

  it('cancels the session of a 40 MiB unsigned module once validation fails', async () => {
    const proxy = await startFaultProxy({ host: reg.host, port: reg.port }, () => 'pass');
    proxies.push(proxy);
    await expect(
      pushArtifact({ reference: `${proxy.url}/cancel/unsigned:1.0.0`, file: unsigned, insecure: true, env: {}, digestCache: false }),
    ).rejects.toThrow(/^Unsupported artifact type: .* is neither a signed actor \(the module is not signed \(no claims\)\)/);
    expect(proxy.log.some((r) => r.method === 'PATCH')).toBe(true);
    expect(proxy.log.filter((r) => r.method === 'DELETE').length).toBeGreaterThan(0);
    expect(openSessions('cancel/unsigned')).toEqual([]);
  });

  it('cancels the session when the closing PUT fails', async () => {
    const proxy = await startFaultProxy({ host: reg.host, port: reg.port }, (req) =>
      req.method === 'PUT' && /\/blobs\/uploads\//.test(req.url ?? '') ? { status: 400 } : 'pass',
    );
    proxies.push(proxy);
    const small = await signedActor(dir);
    await expect(pushArtifact({ reference: `${proxy.url}/cancel/put:1.0.0`, file: small, insecure: true, env: {}, digestCache: false })).rejects.toThrow(
      /answered 400/,
    );
    expect(openSessions('cancel/put')).toEqual([]);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('a push interrupted with %s mid-upload cancels its session', async (signal) => {
    // Request bodies at 8 MiB/s: the 40 MiB upload is under way for ~5 s.
    const proxy = await startFaultProxy({ host: reg.host, port: reg.port }, (req) => (req.method === 'PATCH' ? { throttle: 8 * MiB } : 'pass'));
    proxies.push(proxy);
    const repo = `cancel/killed-${signal.toLowerCase()}`;
    const child = runTs(`
      const { pushArtifact } = require(src + '/push');
      pushArtifact({ reference: '${proxy.url}/${repo}:1.0.0', file: ${JSON.stringify(unsigned)}, insecure: true, env: {}, digestCache: false });
    `);
    await waitFor(() => sessionBytes(repo) > 2 * MiB, 30_000, 'an upload under way');
    child.proc.kill(signal);
    expect(await child.exited).toEqual({ code: null, signal });
    expect(proxy.log.some((r) => r.method === 'DELETE')).toBe(true);
    // The registry handles the DELETE before answering it, so the session is gone by now.
    expect(openSessions(repo)).toEqual([]);
  });
});
