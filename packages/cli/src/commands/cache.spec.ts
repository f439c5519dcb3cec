import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRegistry, startLocalRegistry } from '@nx-wasmcloud/oci';
import { run } from '../program';
import { captureIo } from '../test-support';
import { serveHooks } from './cache';

describe('nx-wasmcloud cache serve', () => {
  let reg: LocalRegistry;
  const dir = mkdtempSync(join(tmpdir(), 'nx-wasmcloud-cli-cache-'));
  const original = serveHooks.until;
  beforeAll(async () => {
    reg = await startLocalRegistry();
  }, 60_000);
  afterAll(async () => {
    serveHooks.until = original;
    await reg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `cache serve` until the returned stop() is called. */
  async function serve(args: string[], env: Record<string, string>) {
    let stop!: () => void;
    serveHooks.until = () => new Promise<void>((resolve) => (stop = resolve));
    const io = captureIo({ cwd: dir, env: { HOME: dir, ...env } });
    const exit = run(['cache', 'serve', ...args], io);
    for (let i = 0; i < 200 && !io.stdout.some((l) => l.startsWith('Nx remote cache listening')); i++) {
      if (io.stderr.length) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const url = /listening on (\S+),/.exec(io.stdout.join('\n'))?.[1];
    return { io, url, exit, stop: () => (stop(), exit) };
  }

  it('serves records in the registry with a token from a file and a read-only token from the env, printing neither', async () => {
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'file-token-123\n');
    const s = await serve(['--registry', `${reg.url}/nx-cache`, '--port', '0', '--insecure', '--token-file', tokenFile], {
      NX_CACHE_SERVER_READ_TOKEN: 'env-read-456',
    });
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const put = await fetch(`${s.url}/v1/cache/77`, { method: 'PUT', body: 'tar bytes', headers: { authorization: 'Bearer file-token-123' } });
    expect(put.status).toBe(200);
    expect(await (await fetch(`${s.url}/v1/cache/77`, { headers: { authorization: 'Bearer env-read-456' } })).text()).toBe('tar bytes');
    expect((await fetch(`${s.url}/v1/cache/78`, { method: 'PUT', body: 'x', headers: { authorization: 'Bearer env-read-456' } })).status).toBe(403);
    // The registry holds the record under the hash, asked directly.
    const tags = (await (await fetch(`http://${reg.url}/v2/nx-cache/tags/list`)).json()) as { tags: string[] };
    expect(tags.tags).toEqual(['77']);
    expect(await s.stop()).toBe(0);
    const printed = [...s.io.stdout, ...s.io.stderr].join('\n');
    expect(printed).toContain(`records in ${reg.url}/nx-cache (read-write token and read-only token)`);
    expect(printed).toMatch(/PUT 77 stored/);
    expect(printed).not.toMatch(/file-token-123|env-read-456/);
  });

  it('fails in one line: a bad port (exit 2), a repository with a tag (exit 1), no --registry (exit 2)', async () => {
    const bad = captureIo({ env: {} });
    expect(await run(['cache', 'serve', '--registry', `${reg.url}/x`, '--port', 'abc'], bad)).toBe(2);
    expect(bad.stderr).toEqual(['error: --port abc: expected a port number (0-65535; 0 picks a free one)']);
    const tagged = captureIo({ env: { HOME: dir } });
    expect(await run(['cache', 'serve', '--registry', `${reg.url}/x:1`, '--insecure', '--port', '0'], tagged)).toBe(1);
    expect(tagged.stderr).toHaveLength(1);
    expect(tagged.stderr[0]).toMatch(/^error: cache repository .* names a tag/);
    const missing = captureIo({ env: {} });
    expect(await run(['cache', 'serve'], missing)).toBe(2);
  });
});
