import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { STREAM_CHUNK } from '../digest';
import { BlobSource, bufferBlob, fileBlob } from '../registry-client';

/** Records up to this size stay in memory; larger ones go through a temp file. */
export const MEMORY_MAX = 8 << 20;

/**
 * Bytes held whole and already hashed: a record's tar between Nx and the registry. Nx must never
 * see a half record (it fails the run on a truncated body) and a retried upload must re-read the
 * same bytes, so neither side streams straight into the other.
 */
export interface Spooled {
  size: number;
  digest: string;
  blob(): BlobSource;
  open(): Readable;
  dispose(): Promise<void>;
}

function inMemory(bytes: Buffer, digest: string): Spooled {
  return { size: bytes.length, digest, blob: () => bufferBlob(bytes, digest), open: () => Readable.from([bytes]), dispose: async () => undefined };
}

function inFile(file: string, size: number, digest: string): Spooled {
  return {
    size,
    digest,
    blob: () => fileBlob(file, digest, size),
    open: () => createReadStream(file, { highWaterMark: STREAM_CHUNK }),
    dispose: () => rm(file, { force: true }),
  };
}

function tempFile(dir: string): string {
  return join(dir, `record-${process.pid}-${randomBytes(6).toString('hex')}.tar`);
}

/** A sink that keeps what is written to it; `reset` empties it for a retried download. */
class Collector extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.chunks.push(chunk);
    cb();
  }
}

/**
 * Where a verified download lands: `openOut` is handed to RegistryClient.downloadBlob (called
 * afresh for each try), `done` wraps the result once the client has checked size and digest.
 */
export function downloadSpool(size: number, digest: string, dir: string): { openOut(): NodeJS.WritableStream; done(): Spooled; discard(): Promise<void> } {
  if (size <= MEMORY_MAX) {
    let sink = new Collector();
    return {
      openOut: () => (sink = new Collector()),
      done: () => inMemory(Buffer.concat(sink.chunks), digest),
      discard: async () => undefined,
    };
  }
  const file = tempFile(dir);
  return {
    openOut: () => createWriteStream(file),
    done: () => inFile(file, size, digest),
    discard: () => rm(file, { force: true }),
  };
}

/** The request body did not have the length its Content-Length announced. */
export class BodyLengthError extends Error {}

/** Reads a request body of `length` bytes whole, hashing it on the way. */
export async function spoolBody(body: NodeJS.ReadableStream, length: number, dir: string): Promise<Spooled> {
  const hash = createHash('sha256');
  let seen = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > length) return cb(new BodyLengthError(`body is longer than its Content-Length ${length}`));
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  const file = length > MEMORY_MAX ? tempFile(dir) : undefined;
  const sink = file ? createWriteStream(file) : new Collector();
  try {
    await pipeline(body, meter, sink);
    if (seen !== length) throw new BodyLengthError(`body has ${seen} bytes, its Content-Length says ${length}`);
  } catch (err) {
    if (file) await rm(file, { force: true });
    throw err;
  }
  const digest = `sha256:${hash.digest('hex')}`;
  return file ? inFile(file, length, digest) : inMemory(Buffer.concat((sink as Collector).chunks), digest);
}
