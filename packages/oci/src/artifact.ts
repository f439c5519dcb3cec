import { open, readFile } from 'node:fs/promises';
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

async function head(file: string, n: number): Promise<Buffer> {
  const fh = await open(file, 'r').catch((err: NodeJS.ErrnoException) => {
    throw new OciError(`cannot read artifact '${file}': ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * wash's validate_artifact: a signed actor whose `hash` matches (wascap extract_claims returns
 * Some), else a provider archive whose binaries match its target hashes (ProviderArchive::try_load),
 * else "Unsupported artifact type". Only a file starting with the wasm magic is read into memory.
 */
export async function detectArtifactKind(file: string): Promise<ArtifactKind> {
  const magic = await head(file, 4);
  let actorProblem = 'it is not a WebAssembly module';
  if (magic.equals(WASM_MAGIC)) {
    try {
      // Loaded on demand: a re-push served from the digest cache never needs wascap or par.
      const { extractClaims } = await import('@nx-wasmcloud/wascap');
      const token = extractClaims(await readFile(file));
      if (token) return 'actor';
      actorProblem = 'the module is not signed (no claims)';
    } catch (err) {
      actorProblem = (err as Error).message;
    }
  }
  let parProblem: string;
  try {
    const { inspectPar } = await import('@nx-wasmcloud/par');
    const par = await inspectPar(file);
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
