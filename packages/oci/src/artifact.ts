import { open } from 'node:fs/promises';
import { STREAM_CHUNK } from './digest';
import { OciError } from './errors';
import { ArtifactKind } from './media-types';

/** Pushing or pulling something that is neither a signed actor nor a provider archive. */
export class UnsupportedArtifactError extends OciError {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedArtifactError';
  }
}

const WASM_MAGIC = Buffer.from([0x00, 0x61, 0x73, 0x6d]);

// Loaded on demand: a re-push served from the digest cache never needs wascap or par. require, not
// import(): both are CommonJS, and import() would first load Node's ESM loader (~5 ms).
const loadWascap = () => require('@nx-wasmcloud/wascap') as typeof import('@nx-wasmcloud/wascap');
const loadPar = () => require('@nx-wasmcloud/par') as typeof import('@nx-wasmcloud/par');

/**
 * wash's validate_artifact: a signed actor whose `hash` matches (wascap extract_claims returns
 * Some), else a provider archive whose binaries match its target hashes (ProviderArchive::try_load),
 * else "Unsupported artifact type". Only a file starting with the wasm magic is held in memory.
 */
export async function detectArtifactKind(file: string, env: NodeJS.ProcessEnv = process.env): Promise<ArtifactKind> {
  const fh = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new OciError(`cannot read artifact '${file}': ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  const stream = fh.createReadStream({ highWaterMark: STREAM_CHUNK });
  try {
    return await detectArtifactKindOf(stream, file, env);
  } catch (err) {
    if (err instanceof OciError) throw err;
    throw new OciError(`cannot read artifact '${file}': ${(err as Error).message}`);
  } finally {
    stream.destroy();
  }
}

/**
 * detectArtifactKind over bytes already being read (a push validates the very chunks it uploads).
 * `file` names the artifact in errors.
 */
export async function detectArtifactKindOf(bytes: AsyncIterable<Buffer>, file: string, env: NodeJS.ProcessEnv = process.env): Promise<ArtifactKind> {
  const it = bytes[Symbol.asyncIterator]();
  const first = await it.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : first.value;
  let actorProblem = 'it is not a WebAssembly module';
  let rest: AsyncIterable<Buffer>;
  if (head.length >= 4 && head.subarray(0, 4).equals(WASM_MAGIC)) {
    // A module is parsed whole (wascap needs every section), so it is held in memory only up to
    // wascap's module limit: actors are a few MiB, and a larger "module" stops here.
    const limit = loadWascap().maxModuleBytes(undefined, env);
    const parts = [head];
    let size = head.length;
    for (let r = await it.next(); !r.done; r = await it.next()) {
      size += r.value.length;
      if (size > limit) throw moduleTooLarge(file, `more than ${size}`, limit);
      parts.push(r.value);
    }
    if (size > limit) throw moduleTooLarge(file, String(size), limit);
    const module = Buffer.concat(parts);
    try {
      const { extractClaims } = loadWascap();
      if (extractClaims(module)) return 'actor';
      actorProblem = 'the module is not signed (no claims)';
    } catch (err) {
      actorProblem = (err as Error).message;
    }
    rest = (async function* () {
      yield module;
    })();
  } else {
    rest = (async function* () {
      if (!first.done) yield head;
      for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
    })();
  }
  let parProblem: string;
  try {
    const { inspectParSource } = loadPar();
    const par = await inspectParSource(rest, file);
    const bad = par.targets.filter((t) => !t.valid);
    if (par.targets.length > 0 && bad.length === 0) return 'provider';
    parProblem = par.targets.length === 0 ? 'it has no target binaries' : `target hash mismatch for ${bad.map((t) => t.target).join(', ')}`;
  } catch (err) {
    parProblem = (err as Error).message;
  }
  throw new UnsupportedArtifactError(
    `Unsupported artifact type: '${file}' is neither a signed actor (${actorProblem}) nor a valid provider archive (${parProblem})`,
  );
}

function moduleTooLarge(file: string, size: string, limit: number): UnsupportedArtifactError {
  return new UnsupportedArtifactError(
    `'${file}' is a WebAssembly module of ${size} bytes, more than the ${limit}-byte limit for actors (validated in memory): if it is genuine, raise it with NX_WASMCLOUD_MAX_MODULE_BYTES=<bytes>`,
  );
}

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

/**
 * What the first bytes already decide, before anything is uploaded: a file that is neither a wasm
 * module nor a gzip or tar archive cannot pass validation, and a module larger than the module
 * limit could not be validated. Everything else is left to the full validation.
 */
export async function precheckArtifact(file: string, size: number, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const fh = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new OciError(`cannot read artifact '${file}': ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  let head: Buffer;
  try {
    const buf = Buffer.alloc(512);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  if (head.subarray(0, 4).equals(WASM_MAGIC)) {
    const limit = loadWascap().maxModuleBytes(undefined, env);
    if (size > limit) throw moduleTooLarge(file, String(size), limit);
    return;
  }
  if (head.subarray(0, 2).equals(GZIP_MAGIC)) return;
  if (head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return;
  throw new UnsupportedArtifactError(
    `Unsupported artifact type: '${file}' is neither a signed actor (it is not a WebAssembly module) nor a valid provider archive (it is neither gzip nor tar)`,
  );
}
