import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { SmithyAst } from './ast';
import { CodegenConfig, ModelSource } from './config';
import { shown } from '@nx-wasmcloud/wascap/terminal-text';
import { SmithyError } from './errors';
import { limitsFromEnv, showMs, SmithyLimits } from './limits';
import { parseJsonAst } from './json-ast';
import { parseSmithy } from './parser';
import { readInputText } from './read-input';
import { bundledAst } from './prelude-names';

/** The wasmCloud core files every interface names by URL: served from the bundled prelude, no network. */
const BUNDLED_BY_NAME: Record<string, string> = {
  'wasmcloud-core.smithy': 'wasmcloud-core.smithy',
  'wasmcloud-model.smithy': 'wasmcloud-model.smithy',
};

export type ResolvedSource = { kind: 'file'; file: string } | { kind: 'bundled'; name: string } | { kind: 'url'; url: string };

/**
 * weld's model cache, `directories::BaseDirs::cache_dir()/smithy`: `$XDG_CACHE_HOME/smithy` or
 * `~/.cache/smithy` on Linux, `~/Library/Caches/smithy` on macOS, `%LOCALAPPDATA%\smithy` on
 * Windows. The one definition: this package fills it, and `drain smithy` (oci's drain, given this
 * directory by the CLI and the plugin) empties it.
 */
export function smithyCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = env.HOME || homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'smithy');
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'smithy');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'smithy');
}

/** Expands [[models]] into files, bundled prelude files and URLs, without reading any of them. */
export function resolveSources(config: CodegenConfig): ResolvedSource[] {
  const out: ResolvedSource[] = [];
  for (const m of config.models) for (const s of resolveSource(config.baseDir, m)) out.push(s);
  return out;
}

function resolveSource(baseDir: string, m: ModelSource): ResolvedSource[] {
  if ('url' in m) {
    const urls = m.files.length ? m.files.map((f) => `${m.url.replace(/\/+$/, '')}/${f}`) : [m.url];
    return urls.map((url) => {
      const name = basename(parseModelUrl(url).pathname);
      return BUNDLED_BY_NAME[name] ? { kind: 'bundled', name: BUNDLED_BY_NAME[name] } : { kind: 'url', url };
    });
  }
  const root = resolve(baseDir, m.path);
  if (m.files.length) return m.files.map((f) => ({ kind: 'file', file: join(root, f) }));
  if (!existsSync(root)) throw new SmithyError(`model path ${shown(root, 300)} does not exist (codegen.toml [[models]] path = "${shown(m.path)}")`);
  // Anything but a directory is read as a file, so a device or FIFO is refused there in one line.
  if (!statSync(root).isDirectory()) return [{ kind: 'file', file: root }];
  return scanDir(root).map((file) => ({ kind: 'file', file }));
}

/** Only http(s): a codegen.toml must not make us read `file:` URLs or hang on other schemes. */
function parseModelUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SmithyError(`[[models]] url ${JSON.stringify(url).slice(0, 200)} is not a URL (expected https://...)`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new SmithyError(`[[models]] url ${JSON.stringify(url).slice(0, 200)} is not http(s); use path = "..." for local models`);
  return u;
}

function scanDir(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) for (const f of scanDir(p)) out.push(f);
    else if (entry.name.endsWith('.smithy') || entry.name.endsWith('.json')) out.push(p);
  }
  return out;
}

/** Reads one source into an AST (.smithy parsed, .json taken as the JSON AST). */
export function readSourceFile(file: string): SmithyAst {
  const text = readInputText(file, 'model file');
  if (file.endsWith('.json')) return parseJsonAst(text, file);
  return parseSmithy(text, file);
}

/** The cache file of a URL (not checked for existence). */
export function cachedUrlPath(url: string, env: NodeJS.ProcessEnv = process.env): string {
  const u = parseModelUrl(url);
  const safe = (u.host + u.pathname).replace(/[^A-Za-z0-9._-]+/g, '_');
  return join(smithyCacheDir(env), safe);
}

const ONE_DAY_MS = 24 * 3600 * 1000;

/**
 * Downloads a model once into the smithy cache; re-downloads after a day unless SMITHY_CACHE=NO_EXPIRE.
 * The download is bounded in time and size (limits.ts): a server that never answers or never stops
 * sending fails in one line naming the URL and the variable that raises the limit.
 */
export async function fetchUrlModel(url: string, env: NodeJS.ProcessEnv = process.env, limits: SmithyLimits = limitsFromEnv(env)): Promise<string> {
  const file = cachedUrlPath(url, env);
  if (existsSync(file)) {
    const fresh = env.SMITHY_CACHE === 'NO_EXPIRE' || Date.now() - statSync(file).mtimeMs < ONE_DAY_MS;
    if (fresh) return file;
  }
  let body: Buffer;
  try {
    body = await download(url, limits);
  } catch (err) {
    if (existsSync(file)) return file; // a stale copy beats failing offline
    throw err;
  }
  mkdirSync(smithyCacheDir(env), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, body);
  renameSync(tmp, file);
  return file;
}

async function download(url: string, limits: SmithyLimits): Promise<Buffer> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, limits.downloadTimeoutMs);
  const tooBig = () =>
    new SmithyError(
      `cannot download model ${url}: the response is larger than ${limits.downloadMaxBytes} bytes (check the URL, or raise SMITHY_DOWNLOAD_MAX_BYTES)`,
    );
  try {
    const res = await fetch(url, { signal: controller.signal });
    if (!res.ok) throw new SmithyError(`cannot download model ${url}: HTTP ${res.status}`);
    if (Number(res.headers.get('content-length') ?? 0) > limits.downloadMaxBytes) throw tooBig();
    const parts: Buffer[] = [];
    let size = 0;
    if (res.body) {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        size += chunk.length;
        if (size > limits.downloadMaxBytes) throw tooBig();
        parts.push(Buffer.from(chunk));
      }
    }
    return Buffer.concat(parts);
  } catch (err) {
    if (err instanceof SmithyError) throw err;
    if (timedOut) {
      throw new SmithyError(
        `cannot download model ${url}: no complete response within ${showMs(limits.downloadTimeoutMs)} (check the URL, or raise SMITHY_DOWNLOAD_TIMEOUT=<seconds>)`,
      );
    }
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new SmithyError(`cannot download model ${url}: ${String(cause?.code ?? cause?.message ?? (err as Error).message).split('\n')[0]}`);
  } finally {
    clearTimeout(timer);
    // Stops a body still arriving after an error (an endless response must not keep the socket busy).
    controller.abort();
  }
}

/** Loads every source of a codegen.toml into ASTs (downloading URL models into the cache when needed). */
export async function loadSources(config: CodegenConfig, env: NodeJS.ProcessEnv = process.env): Promise<SmithyAst[]> {
  const out: SmithyAst[] = [];
  const limits = limitsFromEnv(env);
  for (const src of resolveSources(config)) {
    if (src.kind === 'file') out.push(readSourceFile(src.file));
    else if (src.kind === 'bundled') out.push(bundledAst(src.name));
    else out.push(readSourceFile(await fetchUrlModel(src.url, env, limits)));
  }
  return out;
}
