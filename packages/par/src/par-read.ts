import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { MalformedArchiveError, ParError, TruncatedArchiveError } from './errors';
import { hexUpper, ioError, newHasher, READ_CHUNK } from './hash';
import { isGzip } from './gzip';
import { readTar } from './tar-read';

export const CLAIMS_ENTRY = 'claims.jwt';
const TARGET_SUFFIX = '.bin';
/** Real provider JWTs are under 2 KiB; the cap keeps a hostile entry from filling memory. */
export const MAX_CLAIMS_BYTES = 1024 * 1024;
/**
 * Real PARs hold claims and at most a dozen targets; 1,024 leaves room for any platform list while a
 * crafted archive of ~125k empty entries is refused instead of crashing callers that spread the list.
 */
export const MAX_PAR_ENTRIES = 1024;

export interface ScannedTarget {
  target: string;
  size: number;
  hash: string;
}

export interface ParScan {
  file: string;
  compressed: boolean;
  jwt: string;
  /** In archive order. */
  targets: ScannedTarget[];
  /** Entry names in archive order. */
  entries: string[];
}

/** Called once per target; returns a sink for its bytes, or undefined to only hash it. */
export type TargetSink = (target: string, size: number) => Promise<BinarySink | undefined>;

export interface BinarySink {
  write(chunk: Buffer): Promise<void>;
  close(): Promise<void>;
}

/**
 * Reads a PAR (plain or gzip, told apart by the magic bytes as wash does) in one streaming pass:
 * keeps the claims, hashes every `<target>.bin`, and hands each binary to `sink` if asked.
 * Structural problems throw; hash and signature checks are the caller's.
 */
export async function scanPar(file: string, sink?: TargetSink): Promise<ParScan> {
  const { size } = await probe(file);
  const fileStream = createReadStream(file, { highWaterMark: READ_CHUNK });
  try {
    return await scanParSource(fileStream, file, { totalBytes: size }, sink);
  } finally {
    fileStream.destroy();
  }
}

export interface ScanSourceOptions {
  /** Bytes in the source when known (a file's size): entries claiming more fail early. */
  totalBytes?: number;
  /** Entries allowed in the archive (default MAX_PAR_ENTRIES). */
  maxEntries?: number;
}

/**
 * scanPar over any byte source, so a caller already reading the archive (a registry push that
 * hashes and uploads the same bytes) validates it without reading it again. `label` names the
 * archive in errors.
 */
export async function scanParSource(bytes: AsyncIterable<Buffer>, label: string, options: ScanSourceOptions = {}, sink?: TargetSink): Promise<ParScan> {
  const { head, rest } = await peek(bytes, 2, label);
  const compressed = isGzip(head);
  let source: AsyncIterable<Buffer> = rest;
  let plumbing: Promise<void> | undefined;
  let stages: Readable[] = [];
  if (compressed) {
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    const input = Readable.from(rest, { objectMode: false });
    stages = [input, gunzip];
    plumbing = pipeline(input, gunzip).catch(() => undefined);
    source = gunzip;
  }
  let jwt: string | undefined;
  const targets: ScannedTarget[] = [];
  const entries: string[] = [];
  try {
    await readTar(
      guardSource(source, label, compressed),
      async (entry, body) => {
        entries.push(entry.name);
        if (entry.name === CLAIMS_ENTRY) {
          if (entry.size > MAX_CLAIMS_BYTES) {
            throw new MalformedArchiveError(`${label}: claims.jwt is ${entry.size} bytes, larger than any provider JWT`);
          }
          const parts: Buffer[] = [];
          for await (const chunk of body) parts.push(chunk);
          jwt = Buffer.concat(parts).toString('utf8');
          return;
        }
        if (!entry.name.endsWith(TARGET_SUFFIX) || entry.name.length === TARGET_SUFFIX.length) {
          throw new MalformedArchiveError(`${label}: unexpected entry '${entry.name}'; a PAR holds claims.jwt and <target>.bin entries only`);
        }
        const target = entry.name.slice(0, -TARGET_SUFFIX.length);
        const out = sink ? await sink(target, entry.size) : undefined;
        const h = newHasher();
        try {
          for await (const chunk of body) {
            h.update(chunk);
            if (out) await out.write(chunk);
          }
        } finally {
          await out?.close();
        }
        targets.push({ target, size: entry.size, hash: hexUpper(h) });
      },
      { totalBytes: compressed ? undefined : options.totalBytes, maxEntries: options.maxEntries ?? MAX_PAR_ENTRIES },
    );
  } catch (err) {
    if (err instanceof ParError && !err.message.startsWith(`${label}:`)) err.message = `${label}: ${err.message}`;
    throw err;
  } finally {
    // A failure part-way leaves the inflater waiting for input nobody will read.
    for (const stage of stages) stage.destroy();
    await plumbing;
  }
  if (jwt === undefined) throw new MalformedArchiveError(`${label}: no claims.jwt entry; not a provider archive`);
  if (targets.length === 0) throw new MalformedArchiveError(`${label}: no <target>.bin entries; the archive holds no binaries`);
  return { file: label, compressed, jwt, targets, entries };
}

/** The first `n` bytes (fewer if the source is shorter), and the whole source again, unconsumed. */
async function peek(bytes: AsyncIterable<Buffer>, n: number, label: string): Promise<{ head: Buffer; rest: AsyncIterable<Buffer> }> {
  const it = bytes[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let have = 0;
  let done = false;
  try {
    while (have < n) {
      const r = await it.next();
      if (r.done) {
        done = true;
        break;
      }
      seen.push(r.value);
      have += r.value.length;
    }
  } catch (err) {
    throw ioError(err, `cannot read archive '${label}'`);
  }
  async function* rest(): AsyncGenerator<Buffer> {
    yield* seen;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { head: Buffer.concat(seen).subarray(0, n), rest: rest() };
}

async function probe(file: string): Promise<{ size: number }> {
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new MalformedArchiveError(`${file}: not a regular file`);
    return { size: st.size };
  } catch (err) {
    throw ioError(err, `cannot read archive '${file}'`);
  }
}

/** Names the archive in read and inflate errors, which otherwise say only "unexpected end of file". */
async function* guardSource(source: AsyncIterable<Buffer>, file: string, compressed: boolean): AsyncGenerator<Buffer> {
  try {
    yield* source;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (compressed && e.code === 'Z_BUF_ERROR') {
      throw new TruncatedArchiveError(`${file}: the gzip stream ends early (truncated download or copy?)`);
    }
    if (compressed && typeof e.code === 'string' && e.code.startsWith('Z_')) {
      throw new MalformedArchiveError(`${file}: corrupt gzip data (${e.message})`);
    }
    throw ioError(err, `cannot read archive '${file}'`);
  }
}
