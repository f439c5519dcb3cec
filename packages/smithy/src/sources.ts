import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { SmithyAst } from './ast';
import { CodegenConfig, ModelSource } from './config';
import { SmithyError } from './errors';
import { parseJsonAst } from './json-ast';
import { parseSmithy } from './parser';
import { bundledAst } from './prelude-names';

/** The wasmCloud core files every interface names by URL: served from the bundled prelude, no network. */
const BUNDLED_BY_NAME: Record<string, string> = {
  'wasmcloud-core.smithy': 'wasmcloud-core.smithy',
  'wasmcloud-model.smithy': 'wasmcloud-model.smithy',
};

export type ResolvedSource = { kind: 'file'; file: string } | { kind: 'bundled'; name: string } | { kind: 'url'; url: string };

/** `$XDG_CACHE_HOME/smithy` or `~/.cache/smithy` (weld 0.7's cache; `drain smithy` empties it). */
export function smithyCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'smithy');
}

/** Expands [[models]] into files, bundled prelude files and URLs, without reading any of them. */
export function resolveSources(config: CodegenConfig): ResolvedSource[] {
  const out: ResolvedSource[] = [];
  for (const m of config.models) out.push(...resolveSource(config.baseDir, m));
  return out;
}

function resolveSource(baseDir: string, m: ModelSource): ResolvedSource[] {
  if ('url' in m) {
    const urls = m.files.length ? m.files.map((f) => `${m.url.replace(/\/+$/, '')}/${f}`) : [m.url];
    return urls.map((url) => {
      const name = basename(new URL(url).pathname);
      return BUNDLED_BY_NAME[name] ? { kind: 'bundled', name: BUNDLED_BY_NAME[name] } : { kind: 'url', url };
    });
  }
  const root = resolve(baseDir, m.path);
  if (m.files.length) return m.files.map((f) => ({ kind: 'file', file: join(root, f) }));
  if (!existsSync(root)) throw new SmithyError(`model path ${root} does not exist (codegen.toml [[models]] path = "${m.path}")`);
  if (statSync(root).isFile()) return [{ kind: 'file', file: root }];
  return scanDir(root).map((file) => ({ kind: 'file', file }));
}

function scanDir(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...scanDir(p));
    else if (entry.name.endsWith('.smithy') || entry.name.endsWith('.json')) out.push(p);
  }
  return out;
}

/** Reads one source into an AST (.smithy parsed, .json taken as the JSON AST). */
export function readSourceFile(file: string): SmithyAst {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SmithyError(`cannot read model file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (file.endsWith('.json')) return parseJsonAst(text, file);
  return parseSmithy(text, file);
}

/** The cache file of a URL (not checked for existence). */
export function cachedUrlPath(url: string, env: NodeJS.ProcessEnv = process.env): string {
  const u = new URL(url);
  const safe = (u.host + u.pathname).replace(/[^A-Za-z0-9._-]+/g, '_');
  return join(smithyCacheDir(env), safe);
}

const ONE_DAY_MS = 24 * 3600 * 1000;

/** Downloads a model once into the smithy cache; re-downloads after a day unless SMITHY_CACHE=NO_EXPIRE. */
export async function fetchUrlModel(url: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const file = cachedUrlPath(url, env);
  if (existsSync(file)) {
    const fresh = env.SMITHY_CACHE === 'NO_EXPIRE' || Date.now() - statSync(file).mtimeMs < ONE_DAY_MS;
    if (fresh) return file;
  }
  let body: string;
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    body = await res.text();
  } catch (err) {
    if (existsSync(file)) return file; // a stale copy beats failing offline
    throw new SmithyError(`cannot download model ${url}: ${(err as Error).message}`);
  }
  mkdirSync(smithyCacheDir(env), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, body);
  renameSync(tmp, file);
  return file;
}

/** Loads every source of a codegen.toml into ASTs (downloading URL models into the cache when needed). */
export async function loadSources(config: CodegenConfig, env: NodeJS.ProcessEnv = process.env): Promise<SmithyAst[]> {
  const out: SmithyAst[] = [];
  for (const src of resolveSources(config)) {
    if (src.kind === 'file') out.push(readSourceFile(src.file));
    else if (src.kind === 'bundled') out.push(bundledAst(src.name));
    else out.push(readSourceFile(await fetchUrlModel(src.url, env)));
  }
  return out;
}
