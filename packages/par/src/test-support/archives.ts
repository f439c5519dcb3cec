import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { rawTar, RawEntry } from './raw-tar';

/** The entries of a PAR, read with a minimal independent tar walk (plain or gzip). */
export function entriesOf(file: string): { name: string; data: Buffer }[] {
  let buf = readFileSync(file);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  const out: { name: string; data: Buffer }[] = [];
  for (let off = 0; off + 512 <= buf.length;) {
    const h = buf.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const name = h.toString('utf8', 0, h.indexOf(0));
    const size = parseInt(h.toString('latin1', 124, 135), 8);
    out.push({ name, data: buf.subarray(off + 512, off + 512 + size) });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

/** Rewrites a PAR from (possibly edited) entries, gzipped or not. */
export function writeEntries(file: string, entries: RawEntry[], gzip: boolean): void {
  const tar = rawTar(entries);
  writeFileSync(file, gzip ? gzipSync(tar) : tar);
}

/** A JWT whose claims JSON was edited after signing (signature kept). */
export function editClaims(jwt: string, edit: (claims: Record<string, any>) => void): string {
  const [h, c, s] = jwt.split('.');
  const claims = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
  edit(claims);
  return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
}

export function decodeClaims(jwt: string): Record<string, any> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}
