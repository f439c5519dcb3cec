import { gzipSync } from 'node:zlib';

/**
 * Hand-made tar blocks for hostile archives: any name, size and type flag, written field by
 * field from the ustar layout so the tests do not reuse the writer they check.
 */
export interface RawEntry {
  name: string;
  data?: Buffer;
  /** Declared size; defaults to data.length (a larger value makes a lying header). */
  size?: number;
  typeflag?: string;
  linkname?: string;
}

export function rawHeader(e: RawEntry): Buffer {
  const h = Buffer.alloc(512);
  h.write(e.name, 0, 100, 'utf8');
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write((e.size ?? e.data?.length ?? 0).toString(8).padStart(11, '0') + '\0', 124, 'latin1');
  h.write('00000000000\0', 136, 'latin1');
  h.write(e.typeflag ?? '0', 156, 'latin1');
  if (e.linkname) h.write(e.linkname, 157, 100, 'utf8');
  h.write('ustar  \0', 257, 'latin1');
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return h;
}

export function rawTar(entries: RawEntry[], { endMarker = true } = {}): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(rawHeader(e));
    const data = e.data ?? Buffer.alloc(0);
    parts.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  if (endMarker) parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export function rawGzip(tar: Buffer): Buffer {
  return gzipSync(tar);
}
