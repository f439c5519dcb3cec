import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ParError } from './errors';
import { ioError } from './hash';
import { parGzipStages } from './gzip';
import { BLOCK, gnuHeader, paddingFor } from './tar-header';

export interface TarSourceEntry {
  name: string;
  size: number;
  /** The entry's bytes; must yield exactly `size` bytes. */
  chunks(): AsyncIterable<Buffer>;
}

const ZERO_BLOCKS = Buffer.alloc(2 * BLOCK);

/**
 * The archive as tar-rs `Builder` writes it: header, data, zero padding per entry, then two zero
 * blocks and no padding to a 10 KiB record. Entries are read one chunk at a time.
 */
export async function* tarStream(entries: readonly TarSourceEntry[]): AsyncGenerator<Buffer> {
  for (const entry of entries) {
    yield gnuHeader(entry.name, entry.size);
    let written = 0;
    for await (const chunk of entry.chunks()) {
      written += chunk.length;
      if (written > entry.size) break;
      yield chunk;
    }
    if (written !== entry.size) {
      throw new ParError(`'${entry.name}' changed size while the archive was written (${entry.size} -> ${written} bytes)`);
    }
    const pad = paddingFor(entry.size);
    if (pad > 0) yield ZERO_BLOCKS.subarray(0, pad);
  }
  yield ZERO_BLOCKS;
}

/** The OCI-style digest (`sha256:<hex>`) and size of the bytes a write produced. */
export interface WrittenDigest {
  digest: string;
  size: number;
}

/**
 * Writes the tar (gzipped when `compress`) to `file`, streaming; errors name `label` (the real
 * destination of a temp file). Returns the digest of the bytes written, hashed on their way to
 * disk, so a push right after need not read the archive again to learn it.
 */
export async function writeTarFile(file: string, entries: readonly TarSourceEntry[], compress: boolean, label = file): Promise<WrittenDigest> {
  const stages: Transform[] = compress ? parGzipStages() : [];
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const out = createWriteStream(file, { flags: 'wx' });
  const source = Readable.from(tarStream(entries), { objectMode: false });
  try {
    await pipeline([source, ...stages, tap, out]);
  } catch (err) {
    throw ioError(err, `cannot write '${label}'`);
  }
  return { digest: `sha256:${hash.digest('hex')}`, size };
}
