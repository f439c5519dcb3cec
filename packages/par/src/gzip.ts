import { Transform, TransformCallback } from 'node:stream';
import { constants, createGzip } from 'node:zlib';

/** zlib writes the OS byte of the build host (3 on Unix); wash's encoders write 255 (unknown). */
const OS_OFFSET = 9;
const OS_UNKNOWN = 0xff;

/**
 * The stages of a gzip stream like wash's `--compress`: best compression, no name, mtime 0,
 * XFL 2, OS 255, so the header is `1f8b 0800 00000000 02ff` and equal input gives equal bytes.
 * Returned as stages to splice into one `pipeline`.
 */
export function parGzipStages(): Transform[] {
  const gzip = createGzip({ level: constants.Z_BEST_COMPRESSION, chunkSize: 256 * 1024 });
  let seen = 0;
  const fixOs = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      if (seen <= OS_OFFSET && seen + chunk.length > OS_OFFSET) {
        chunk = Buffer.from(chunk);
        chunk[OS_OFFSET - seen] = OS_UNKNOWN;
      }
      seen += chunk.length;
      done(null, chunk);
    },
  });
  return [gzip, fixOs];
}

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}
