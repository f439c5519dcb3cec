import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startLocalRegistry, LocalRegistry } from '../local-registry';
import { Fault, FaultProxy, startFaultProxy } from '../test-support/fault-proxy';
import { tempDir } from '../test-support/fixtures';
import { OciRecordStore } from './record-store';
import { NxCacheServer, startNxCacheServer } from './server';

const TOKEN = 'fault-test-token';
const WORKSPACE_ROOT = resolve(__dirname, '../../../..');

/** Tags straight from the registry, not through the proxy. */
async function tags(reg: LocalRegistry, repo: string): Promise<string[]> {
  const res = await fetch(`http://${reg.url}/v2/${repo}/tags/list`);
  if (res.status === 404) return [];
  return (((await res.json()) as { tags?: string[] }).tags ?? []).sort();
}

/** A one-project Nx workspace whose cacheable task writes a file; the repository's own nx runs it. */
function nxWorkspace(): string {
  const dir = tempDir('nx-cache-ws-');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'probe', version: '0.0.0', private: true }));
  writeFileSync(join(dir, 'nx.json'), JSON.stringify({}));
  mkdirSync(join(dir, 'a'));
  writeFileSync(
    join(dir, 'a/project.json'),
    JSON.stringify({
      name: 'a',
      targets: {
        work: {
          command: "node -e \"require('fs').mkdirSync('a/out',{recursive:true});require('fs').writeFileSync('a/out/x.txt',String(Math.random()))\"",
          cache: true,
          inputs: ['{projectRoot}/project.json'],
          outputs: ['{projectRoot}/out'],
        },
      },
    }),
  );
  symlinkSync(join(WORKSPACE_ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

async function runNx(dir: string, server: NxCacheServer, cacheDir: string): Promise<{ code: number; output: string }> {
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_CACHE_DIRECTORY: cacheDir,
    NX_SELF_HOSTED_REMOTE_CACHE_SERVER: server.url,
    NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: TOKEN,
  };
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [join(dir, 'node_modules/nx/dist/bin/nx.js'), 'run', 'a:work', '--outputStyle=static'],
      { cwd: dir, env, timeout: 120_000 },
    );
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('registry failures behind the Nx cache server (a fault-injecting proxy in front of the real registry)', () => {
  let reg: LocalRegistry;
  let proxy: FaultProxy;
  let store: OciRecordStore;
  let server: NxCacheServer;
  let fault: (method: string, path: string) => Fault = () => 'pass';
  const repo = 'team/nx-cache';
  const put = (hash: string, body: Buffer) => fetch(`${server.url}/v1/cache/${hash}`, { method: 'PUT', body, headers: { authorization: `Bearer ${TOKEN}` } });
  const get = (hash: string) => fetch(`${server.url}/v1/cache/${hash}`, { headers: { authorization: `Bearer ${TOKEN}` } });

  beforeAll(async () => {
    reg = await startLocalRegistry();
    proxy = await startFaultProxy({ host: reg.host, port: reg.port }, (req) => fault(req.method ?? '', (req.url ?? '').split('?')[0]));
    store = await OciRecordStore.open({
      repository: `${proxy.url}/${repo}`,
      insecure: true,
      env: { HOME: tempDir() },
      spoolDir: tempDir(),
      retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
    });
    server = await startNxCacheServer({ store, tokens: { readWrite: TOKEN }, spoolDir: tempDir() });
  });
  afterEach(() => {
    fault = () => 'pass';
  });
  afterAll(async () => {
    await server?.stop();
    store?.close();
    await proxy?.stop();
    await reg?.stop();
  });

  it('a registry answering 500 to the upload: the PUT is answered 409 (not stored), no tag, and a later GET is a miss', async () => {
    fault = (method, path) => (path.includes('/blobs/uploads/') ? { status: 500 } : 'pass');
    expect((await put('2001', randomBytes(5000))).status).toBe(409);
    expect(server.stats.failures).toBe(1);
    expect(await tags(reg, repo)).not.toContain('2001');
    fault = () => 'pass';
    expect((await get('2001')).status).toBe(404);
  });

  it('a connection dropped in the middle of the blob upload: no tag; the same PUT later succeeds', async () => {
    fault = (method, path) => (method !== 'POST' && path.includes('/blobs/uploads/') ? 'drop-mid-body' : 'pass');
    const body = randomBytes(50_000);
    expect((await put('2002', body)).status).toBe(409);
    expect(proxy.log.some((l) => l.fault === 'drop-mid-body')).toBe(true);
    expect(await tags(reg, repo)).not.toContain('2002');
    fault = () => 'pass';
    expect((await put('2002', body)).status).toBe(200);
    expect(Buffer.from(await (await get('2002')).arrayBuffer()).equals(body)).toBe(true);
  });

  it('a registry answering 500 to a GET is a miss (404), never a 5xx', async () => {
    fault = () => ({ status: 500 });
    const res = await get('2002');
    expect(res.status).toBe(404);
  });

  it('Nx carries on when the registry fails, and a later run in a fresh clone is a remote hit', async () => {
    const dir = nxWorkspace();
    fault = () => ({ status: 500 });
    const failing = await runNx(dir, server, join(dir, 'cache-1'));
    expect(`${failing.code} ${failing.output}`).toMatch(/^0 [\s\S]*Successfully ran target work/);
    const before = server.stats.failures;
    expect(before).toBeGreaterThanOrEqual(2);
    fault = () => 'pass';
    const storing = await runNx(dir, server, join(dir, 'cache-2'));
    expect(storing.code).toBe(0);
    const hit = await runNx(dir, server, join(dir, 'cache-3'));
    expect(hit.output).toMatch(/nx run a:work\s+\[remote cache\]/);
  }, 120_000);
});
