import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { MalformedArchiveError, ParError, TruncatedArchiveError } from './errors';
import { hexUpper, ioError, newHasher, READ_CHUNK } from './hash';
import { isGzip } from './gzip';
import { readTar } from './tar-read';

export const CLAIMS_ENTRY = 'claims.jwt';
const TARGET_SUFFIX = '.bin';
/** Real provider JWTs are under 2 KiB; the cap keeps a hostile entry from filling memory. */
const MAX_CLAIMS_BYTES = 1024 * 1024;

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
  const { compressed, size: fileSize } = await probe(file);
  const fileStream = createReadStream(file, { highWaterMark: READ_CHUNK });
  let source: AsyncIterable<Buffer> = fileStream;
  let plumbing: Promise<void> | undefined;
  if (compressed) {
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    plumbing = pipeline(fileStream, gunzip).catch(() => undefined);
    source = gunzip;
  }
  let jwt: string | undefined;
  const targets: ScannedTarget[] = [];
  const entries: string[] = [];
  try {
    await readTar(
      guardSource(source, file, compressed),
      async (entry, body) => {
        entries.push(entry.name);
        if (entry.name === CLAIMS_ENTRY) {
          if (entry.size > MAX_CLAIMS_BYTES) {
            throw new MalformedArchiveError(`${file}: claims.jwt is ${entry.size} bytes, larger than any provider JWT`);
          }
          const parts: Buffer[] = [];
          for await (const chunk of body) parts.push(chunk);
          jwt = Buffer.concat(parts).toString('utf8');
          return;
        }
        if (!entry.name.endsWith(TARGET_SUFFIX) || entry.name.length === TARGET_SUFFIX.length) {
          throw new MalformedArchiveError(
            `${file}: unexpected entry '${entry.name}'; a PAR holds claims.jwt and <target>.bin entries only`,
          );
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
      { totalBytes: compressed ? undefined : fileSize },
    );
  } catch (err) {
    if (err instanceof ParError && !err.message.startsWith(`${file}:`)) err.message = `${file}: ${err.message}`;
    throw err;
  } finally {
    fileStream.destroy();
    await plumbing;
  }
  if (jwt === undefined) throw new MalformedArchiveError(`${file}: no claims.jwt entry; not a provider archive`);
  if (targets.length === 0) throw new MalformedArchiveError(`${file}: no <target>.bin entries; the archive holds no binaries`);
  return { file, compressed, jwt, targets, entries };
}

async function probe(file: string): Promise<{ compressed: boolean; size: number }> {
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new MalformedArchiveError(`${file}: not a regular file`);
    const fh = await open(file, 'r');
    try {
      const head = Buffer.alloc(2);
      const { bytesRead } = await fh.read(head, 0, 2, 0);
      return { compressed: isGzip(head.subarray(0, bytesRead)), size: st.size };
    } finally {
      await fh.close();
    }
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
