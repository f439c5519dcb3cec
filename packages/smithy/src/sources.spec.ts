import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCodegenConfig } from './config';
import { cachedUrlPath, fetchUrlModel, loadSources, resolveSources, smithyCacheDir } from './sources';

describe('model sources', () => {
  let dir: string;
  let server: Server;
  let base: string;
  let hits = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'smithy-src-'));
    server = createServer((req, res) => {
      hits++;
      if (req.url === '/m/remote.smithy') res.end('namespace ex.remote\nstring R\n');
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses $XDG_CACHE_HOME/smithy, else ~/.cache/smithy', () => {
    expect(smithyCacheDir({ XDG_CACHE_HOME: '/c' })).toBe('/c/smithy');
    expect(smithyCacheDir({ HOME: '/h' })).toBe('/h/.cache/smithy');
  });

  it('serves the wasmCloud core and model URLs from the bundled prelude', () => {
    const cfg = parseCodegenConfig('[[models]]\nurl = "https://cdn.jsdelivr.net/gh/wasmcloud/interfaces/core"\nfiles = ["wasmcloud-core.smithy", "wasmcloud-model.smithy"]\n[[models]]\nurl = "https://x.example/other.smithy"', join(dir, 'codegen.toml'));
    expect(resolveSources(cfg)).toEqual([
      { kind: 'bundled', name: 'wasmcloud-core.smithy' },
      { kind: 'bundled', name: 'wasmcloud-model.smithy' },
      { kind: 'url', url: 'https://x.example/other.smithy' },
    ]);
  });

  it('scans a path directory recursively for .smithy and .json files', () => {
    const root = join(dir, 'models');
    mkdirSync(join(root, 'sub'), { recursive: true });
    writeFileSync(join(root, 'a.smithy'), 'namespace ex.a\nstring A');
    writeFileSync(join(root, 'sub', 'b.json'), JSON.stringify({ smithy: '1.0', shapes: { 'ex.b#B': { type: 'string' } } }));
    writeFileSync(join(root, 'notes.txt'), 'ignored');
    const cfg = parseCodegenConfig('[[models]]\npath = "models"', join(dir, 'codegen.toml'));
    expect(resolveSources(cfg)).toEqual([{ kind: 'file', file: join(root, 'a.smithy') }, { kind: 'file', file: join(root, 'sub', 'b.json') }]);
  });

  it('downloads a URL model once into the cache and reads it from there afterwards', async () => {
    const env = { XDG_CACHE_HOME: join(dir, 'cache') };
    const cfg = parseCodegenConfig(`[[models]]\nurl = "${base}/m"\nfiles = ["remote.smithy"]`, join(dir, 'codegen.toml'));
    hits = 0;
    const first = await loadSources(cfg, env);
    const second = await loadSources(cfg, env);
    expect(first[0].shapes).toEqual({ 'ex.remote#R': { type: 'string' } });
    expect(second).toEqual(first);
    expect(hits).toBe(1);
    expect(existsSync(cachedUrlPath(`${base}/m/remote.smithy`, env))).toBe(true);
  });

  it('refreshes a copy older than a day, unless SMITHY_CACHE=NO_EXPIRE', async () => {
    const env = { XDG_CACHE_HOME: join(dir, 'cache2') };
    const url = `${base}/m/remote.smithy`;
    await fetchUrlModel(url, env);
    const old = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(cachedUrlPath(url, env), old, old);
    hits = 0;
    await fetchUrlModel(url, { ...env, SMITHY_CACHE: 'NO_EXPIRE' });
    expect(hits).toBe(0);
    await fetchUrlModel(url, env);
    expect(hits).toBe(1);
  });

  it('reports a failed download as a user error naming the URL', async () => {
    await expect(fetchUrlModel(`${base}/missing.smithy`, { XDG_CACHE_HOME: join(dir, 'cache3') })).rejects.toThrow(`cannot download model ${base}/missing.smithy: HTTP 404`);
  });
});
