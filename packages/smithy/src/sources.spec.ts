import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCodegenConfig } from './config';
import { SmithyError } from './errors';
import { DEFAULT_LIMITS } from './limits';
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
    expect(smithyCacheDir({ HOME: '/h' }, 'linux')).toBe('/h/.cache/smithy');
    expect(smithyCacheDir({ HOME: '/h', XDG_CACHE_HOME: '/c' }, 'darwin')).toBe('/h/Library/Caches/smithy');
    expect(smithyCacheDir({ HOME: '/h', LOCALAPPDATA: '/l' }, 'win32')).toBe('/l/smithy');
  });

  it('serves the wasmCloud core and model URLs from the bundled prelude', () => {
    const cfg = parseCodegenConfig(
      '[[models]]\nurl = "https://cdn.jsdelivr.net/gh/wasmcloud/interfaces/core"\nfiles = ["wasmcloud-core.smithy", "wasmcloud-model.smithy"]\n[[models]]\nurl = "https://x.example/other.smithy"',
      join(dir, 'codegen.toml'),
    );
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
    expect(resolveSources(cfg)).toEqual([
      { kind: 'file', file: join(root, 'a.smithy') },
      { kind: 'file', file: join(root, 'sub', 'b.json') },
    ]);
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

  describe('a misbehaving server (a silent server once hung the fetch, an endless body reached 5.3 GB)', () => {
    let bad: Server;
    let badBase: string;
    const sockets = new Set<import('node:net').Socket>();
    beforeAll(async () => {
      bad = createServer((req, res) => {
        if (req.url === '/silent.smithy') return; // never answers
        if (req.url === '/endless.smithy') {
          res.writeHead(200, { 'content-type': 'text/plain' });
          const chunk = Buffer.alloc(64 * 1024, 0x20);
          const pump = () => {
            while (res.write(chunk));
            res.once('drain', pump);
          };
          pump();
          return;
        }
        if (req.url === '/declared.smithy') {
          res.writeHead(200, { 'content-length': String(1024 * 1024 * 1024) });
          res.write('namespace ');
          return;
        }
        res.writeHead(404).end();
      });
      bad.on('connection', (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      await new Promise<void>((r) => bad.listen(0, '127.0.0.1', r));
      badBase = `http://127.0.0.1:${(bad.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => bad.close(r));
    });

    const env = () => ({ XDG_CACHE_HOME: join(dir, `cache-bad-${Math.random()}`) });

    it('gives up on a server that never answers, naming the URL and the variable', async () => {
      const started = Date.now();
      await expect(fetchUrlModel(`${badBase}/silent.smithy`, { ...env(), SMITHY_DOWNLOAD_TIMEOUT: '0.3' })).rejects.toThrow(
        new SmithyError(
          `cannot download model ${badBase}/silent.smithy: no complete response within 300 ms (check the URL, or raise SMITHY_DOWNLOAD_TIMEOUT=<seconds>)`,
        ),
      );
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('stops reading an endless body at the size cap, and writes nothing to the cache', async () => {
      const e = env();
      await expect(fetchUrlModel(`${badBase}/endless.smithy`, { ...e, SMITHY_DOWNLOAD_MAX_BYTES: String(1024 * 1024) })).rejects.toThrow(
        new SmithyError(
          `cannot download model ${badBase}/endless.smithy: the response is larger than 1048576 bytes (check the URL, or raise SMITHY_DOWNLOAD_MAX_BYTES)`,
        ),
      );
      expect(existsSync(smithyCacheDir(e))).toBe(false);
    });

    it('refuses a declared length over the cap before reading the body', async () => {
      await expect(fetchUrlModel(`${badBase}/declared.smithy`, env())).rejects.toThrow(`the response is larger than ${DEFAULT_LIMITS.downloadMaxBytes} bytes`);
    });
  });

  it('refuses a [[models]] url that is not http(s) or not a URL, in one line', () => {
    const cfg = (url: string) => parseCodegenConfig(`[[models]]\nurl = ${JSON.stringify(url)}`, join(dir, 'codegen.toml'));
    expect(() => resolveSources(cfg('file:///etc/passwd'))).toThrow(
      new SmithyError('[[models]] url "file:///etc/passwd" is not http(s); use path = "..." for local models'),
    );
    expect(() => resolveSources(cfg('not a url'))).toThrow(new SmithyError('[[models]] url "not a url" is not a URL (expected https://...)'));
  });

  it('reports a failed download as a user error naming the URL', async () => {
    await expect(fetchUrlModel(`${base}/missing.smithy`, { XDG_CACHE_HOME: join(dir, 'cache3') })).rejects.toThrow(
      `cannot download model ${base}/missing.smithy: HTTP 404`,
    );
  });
});
