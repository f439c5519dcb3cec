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
export async function detectArtifactKind(file: string): Promise<ArtifactKind> {
  const fh = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new OciError(`cannot read artifact '${file}': ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  const stream = fh.createReadStream({ highWaterMark: STREAM_CHUNK });
  try {
    return await detectArtifactKindOf(stream, file);
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
export async function detectArtifactKindOf(bytes: AsyncIterable<Buffer>, file: string): Promise<ArtifactKind> {
  const it = bytes[Symbol.asyncIterator]();
  const first = await it.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : first.value;
  let actorProblem = 'it is not a WebAssembly module';
  let rest: AsyncIterable<Buffer>;
  if (head.length >= 4 && head.subarray(0, 4).equals(WASM_MAGIC)) {
    // A module is parsed whole; actors are small, and wascap needs every section anyway.
    const parts = [head];
    for (let r = await it.next(); !r.done; r = await it.next()) parts.push(r.value);
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
