import { MalformedArchiveError } from './errors';

export const BLOCK = 512;
const NAME_LEN = 100;
const SIZE_OFF = 124;
const SIZE_LEN = 12;
const MTIME_OFF = 136;
const CKSUM_OFF = 148;
const CKSUM_LEN = 8;
const TYPE_OFF = 156;
const MAGIC_OFF = 257;
const PREFIX_OFF = 345;
const PREFIX_LEN = 155;
/** Sizes from 8^11 on do not fit 11 octal digits; tar-rs then switches to base-256. */
const OCTAL_SIZE_LIMIT = 8 ** 11;

/**
 * A header byte-identical to tar-rs `Header::new_gnu()` followed by `set_path`, `set_size`,
 * `set_cksum` (what provider-archive writes): GNU magic `ustar  \0`, mode/uid/gid left NUL,
 * mtime `00000000000\0`, typeflag NUL, no uname/gname.
 */
export function gnuHeader(name: string, size: number): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length === 0 || nameBytes.length > NAME_LEN) {
    throw new MalformedArchiveError(`entry name '${name}' must be 1 to ${NAME_LEN} bytes`);
  }
  if (!Number.isSafeInteger(size) || size < 0) throw new MalformedArchiveError(`entry '${name}' has invalid size ${size}`);
  const h = Buffer.alloc(BLOCK);
  nameBytes.copy(h, 0);
  writeSize(h, size);
  octalInto(h, MTIME_OFF, 12, 0);
  h.write('ustar ', MAGIC_OFF, 'latin1');
  h.write(' \0', MAGIC_OFF + 6, 'latin1');
  octalInto(h, CKSUM_OFF, CKSUM_LEN, checksum(h));
  return h;
}

/** tar-rs `octal_into`: right-aligned zero-padded octal, the field's last byte left NUL. */
function octalInto(h: Buffer, off: number, len: number, value: number): void {
  const digits = value.toString(8).padStart(len - 1, '0');
  h.write(digits.slice(-(len - 1)), off, 'latin1');
}

function writeSize(h: Buffer, size: number): void {
  if (size < OCTAL_SIZE_LIMIT) {
    octalInto(h, SIZE_OFF, SIZE_LEN, size);
    return;
  }
  // GNU base-256: high bit of the first byte set, big-endian value in the rest.
  let v = BigInt(size);
  for (let i = SIZE_OFF + SIZE_LEN - 1; i > SIZE_OFF; i--) {
    h[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  h[SIZE_OFF] = 0x80;
}

/** Unsigned sum of the header with the checksum field read as eight spaces. */
function checksum(h: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= CKSUM_OFF && i < CKSUM_OFF + CKSUM_LEN ? 0x20 : h[i];
  return sum;
}

export type EntryKind = 'file' | 'hardlink' | 'symlink' | 'chardev' | 'blockdev' | 'directory' | 'fifo' | 'extended' | 'other';

export interface ParsedHeader {
  /** Raw name as stored (ustar prefix joined with `/`). */
  name: string;
  size: number;
  kind: EntryKind;
  typeflag: string;
}

export function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < block.length; i++) if (block[i] !== 0) return false;
  return true;
}

/** Parses and checksums one header block; `index` only names the entry in errors. */
export function parseHeader(block: Buffer, index: number): ParsedHeader {
  const stored = parseOctal(block.subarray(CKSUM_OFF, CKSUM_OFF + CKSUM_LEN));
  if (stored === undefined || stored !== checksum(block)) {
    throw new MalformedArchiveError(`tar header #${index + 1} has a bad checksum: not a tar archive, or corrupted`);
  }
  let name = cString(block.subarray(0, NAME_LEN));
  // POSIX ustar (`ustar\0`) adds a path prefix; GNU (`ustar  \0`) reuses those bytes for times.
  if (block.toString('latin1', MAGIC_OFF, MAGIC_OFF + 6) === 'ustar\0') {
    const prefix = cString(block.subarray(PREFIX_OFF, PREFIX_OFF + PREFIX_LEN));
    if (prefix) name = `${prefix}/${name}`;
  }
  const size = parseSize(block.subarray(SIZE_OFF, SIZE_OFF + SIZE_LEN));
  if (size === undefined) throw new MalformedArchiveError(`tar entry '${name}' has an unreadable size field`);
  const typeflag = String.fromCharCode(block[TYPE_OFF]);
  return { name, size, kind: kindOf(typeflag), typeflag };
}

function kindOf(flag: string): EntryKind {
  switch (flag) {
    case '\0':
    case '0':
      return 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '3':
      return 'chardev';
    case '4':
      return 'blockdev';
    case '5':
      return 'directory';
    case '6':
      return 'fifo';
    case 'x':
    case 'g':
    case 'L':
    case 'K':
      return 'extended';
    default:
      return 'other';
  }
}

function cString(b: Buffer): string {
  const end = b.indexOf(0);
  return b.toString('utf8', 0, end === -1 ? b.length : end);
}

function parseOctal(field: Buffer): number | undefined {
  const text = field
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .replace(/^[ ]+/, '');
  if (!/^[0-7]+$/.test(text)) return text === '' ? 0 : undefined;
  const v = parseInt(text, 8);
  return Number.isSafeInteger(v) ? v : undefined;
}

function parseSize(field: Buffer): number | undefined {
  if (field[0] & 0x80) {
    if (field[0] !== 0x80) return undefined;
    let v = 0n;
    for (let i = 1; i < field.length; i++) v = (v << 8n) | BigInt(field[i]);
    return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : undefined;
  }
  return parseOctal(field);
}

/** Zero bytes that pad `size` bytes of data up to a whole block. */
export function paddingFor(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}
