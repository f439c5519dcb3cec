import { escapeControl, hasControl } from '@nx-wasmcloud/wascap/terminal-text';
import { ByteReader } from './byte-reader';
import { MalformedArchiveError, TruncatedArchiveError } from './errors';
import { BLOCK, isZeroBlock, paddingFor, parseHeader } from './tar-header';

export interface TarEntry {
  name: string;
  size: number;
  /** Position among the archive's entries, from 0. */
  index: number;
}

/** Receives one entry; may consume `body` fully, partly or not at all. */
export type TarEntryVisitor = (entry: TarEntry, body: AsyncIterable<Buffer>) => Promise<void>;

export interface ReadTarOptions {
  /** Total bytes of the tar stream when known up front (plain files): sizes beyond it fail early. */
  totalBytes?: number;
  /** More entries than this is refused (a hostile archive of headers alone costs memory per entry). */
  maxEntries?: number;
}

/**
 * Reads a PAR's tar stream. An archive is untrusted: only flat regular files with plain names
 * pass, once each, and the end-of-archive marker must be present so a cut-off copy is noticed.
 */
export async function readTar(source: AsyncIterable<Buffer>, visit: TarEntryVisitor, options: ReadTarOptions = {}): Promise<void> {
  const reader = new ByteReader(source);
  const seen = new Set<string>();
  let index = 0;
  try {
    for (;;) {
      const block = await reader.read(BLOCK);
      if (block.length === 0) {
        throw new TruncatedArchiveError(`archive ends after ${index} entries without the end-of-archive marker (truncated?)`);
      }
      if (block.length < BLOCK) {
        throw new TruncatedArchiveError(`archive ends inside the header of entry #${index + 1} (truncated?)`);
      }
      if (isZeroBlock(block)) {
        // Reading on to the end lets gzip check its CRC and length, so a cut-off copy fails here.
        while ((await reader.read(64 * 1024)).length > 0);
        return;
      }
      if (options.maxEntries !== undefined && index >= options.maxEntries) {
        throw new MalformedArchiveError(`archive has more than ${options.maxEntries} entries; a PAR holds claims.jwt and one binary per target`);
      }
      const header = parseHeader(block, index);
      checkEntry(header.name, header.kind, header.typeflag);
      if (seen.has(header.name)) throw new MalformedArchiveError(`entry '${header.name}' appears twice in the archive`);
      seen.add(header.name);
      const padded = header.size + paddingFor(header.size);
      if (options.totalBytes !== undefined && reader.offset + header.size > options.totalBytes) {
        throw new TruncatedArchiveError(
          `entry '${header.name}' declares ${header.size} bytes but only ${options.totalBytes - reader.offset} remain in the archive (truncated?)`,
        );
      }
      const body = new EntryBody(reader, header.size, header.name);
      await visit({ name: header.name, size: header.size, index }, body);
      await body.drain();
      await reader.skip(padded - header.size, `entry '${header.name}'`);
      index++;
    }
  } finally {
    await reader.close();
  }
}

class EntryBody implements AsyncIterable<Buffer> {
  private remaining: number;
  constructor(
    private readonly reader: ByteReader,
    size: number,
    private readonly name: string,
  ) {
    this.remaining = size;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    for await (const piece of this.reader.take(this.remaining, `entry '${this.name}'`)) {
      this.remaining -= piece.length;
      yield piece;
    }
  }

  async drain(): Promise<void> {
    if (this.remaining > 0) await this.reader.skip(this.remaining, `entry '${this.name}'`);
    this.remaining = 0;
  }
}

const KIND_WORDS: Record<string, string> = {
  hardlink: 'a hard link',
  symlink: 'a symbolic link',
  chardev: 'a character device',
  blockdev: 'a block device',
  directory: 'a directory',
  fifo: 'a FIFO',
  extended: 'an extended (pax/GNU long name) header',
};

/** A PAR entry is a regular file whose name is one plain path component. */
function checkEntry(name: string, kind: string, typeflag: string): void {
  if (kind !== 'file') {
    const what = KIND_WORDS[kind] ?? `an unsupported entry type '${typeflag.replace(/[^\x20-\x7e]/g, '?')}'`;
    throw new MalformedArchiveError(`entry '${printable(name)}' is ${what}; a PAR holds only regular files`);
  }
  if (name === '') throw new MalformedArchiveError('an entry has an empty name');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) {
    throw new MalformedArchiveError(`entry '${printable(name)}' has an absolute path; a PAR holds only flat names`);
  }
  if (name.split(/[/\\]/).some((part) => part === '..')) {
    throw new MalformedArchiveError(`entry '${printable(name)}' tries to escape the archive with '..'`);
  }
  if (/[/\\]/.test(name)) {
    throw new MalformedArchiveError(`entry '${printable(name)}' is in a directory; a PAR holds only flat names`);
  }
  if (name === '.' || hasControl(name)) {
    throw new MalformedArchiveError(`entry '${printable(name)}' has an invalid name`);
  }
}

/** A name as the message shows it: controls and the bidi characters that can make it display as another escaped. */
function printable(s: string): string {
  return escapeControl(s, { backslash: false }).slice(0, 120);
}
