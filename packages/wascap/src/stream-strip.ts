import { InvalidWasmError } from './errors';
import { encodeUleb } from './leb128';
import { isClaimsSectionName, isNestedSection, maxSectionId, parseHeader, parseWasm, stripClaimsChunks } from './wasm-sections';

/**
 * Pulls bytes from an async source of chunks. Pass-through reads hand out views of the source's
 * chunks, so large section bodies are never copied.
 */
class ChunkReader {
  private chunk: Uint8Array = new Uint8Array(0);
  private offset = 0;
  private done = false;
  /** Absolute offset of the next unread byte. */
  position = 0;

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  private async fill(): Promise<boolean> {
    while (this.offset >= this.chunk.length) {
      if (this.done) return false;
      const next = await this.source.next();
      if (next.done) {
        this.done = true;
        return false;
      }
      this.chunk = next.value;
      this.offset = 0;
    }
    return true;
  }

  async atEnd(): Promise<boolean> {
    return !(await this.fill());
  }

  private truncated(what: string, needed: number): never {
    throw new InvalidWasmError(`truncated wasm: ${what} needs ${needed} more bytes at offset ${this.position}, but the file ends there`);
  }

  async readByte(what: string): Promise<number> {
    if (!(await this.fill())) this.truncated(what, 1);
    this.position++;
    return this.chunk[this.offset++];
  }

  /** u32 LEB128 (up to 5 bytes, padding allowed), with the bytes as found. */
  async readUleb32(what: string): Promise<{ value: number; raw: Uint8Array }> {
    const start = this.position;
    const raw: number[] = [];
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const byte = await this.readByte(what);
      raw.push(byte);
      if (i === 4 && (byte & 0xf0) !== 0) throw new InvalidWasmError(`invalid wasm: ${what} at offset ${start} is not a valid u32 LEB128`);
      value += (byte & 0x7f) * 2 ** (7 * i);
      if ((byte & 0x80) === 0) return { value, raw: Uint8Array.from(raw) };
    }
    throw new InvalidWasmError(`invalid wasm: ${what} at offset ${start} is longer than 5 bytes`);
  }

  /** Yields views over the next `n` bytes. */
  async *take(n: number, what: string): AsyncGenerator<Uint8Array> {
    let left = n;
    while (left > 0) {
      if (!(await this.fill())) this.truncated(what, left);
      const count = Math.min(left, this.chunk.length - this.offset);
      yield this.chunk.subarray(this.offset, this.offset + count);
      this.offset += count;
      this.position += count;
      left -= count;
    }
  }

  async readExact(n: number, what: string): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    for await (const part of this.take(n, what)) parts.push(part);
    return parts.length === 1 ? parts[0] : new Uint8Array(Buffer.concat(parts));
  }

  async skip(n: number, what: string): Promise<void> {
    for await (const _ of this.take(n, what)) {
      // discard
    }
  }
}

const textDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * The streaming form of `stripClaimsChunks`: yields the stripped binary as it reads the input,
 * holding at most one nested module/component section (components only) in memory at a time.
 * Produces exactly the same bytes as the in-memory version.
 */
export async function* stripClaimsStream(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = new ChunkReader(source[Symbol.asyncIterator]());
  const header = new Uint8Array(8);
  let headerLength = 0;
  while (headerLength < 8 && !(await reader.atEnd())) header[headerLength++] = await reader.readByte('header');
  const encoding = parseHeader(header, headerLength);
  yield header;
  const maxId = maxSectionId(encoding);
  while (!(await reader.atEnd())) {
    const offset = reader.position;
    const id = await reader.readByte('section id');
    if (id > maxId) throw new InvalidWasmError(`invalid wasm: unknown ${encoding} section id ${id} at offset ${offset}`);
    const { value: size } = await reader.readUleb32(`size of section ${id}`);
    const contentStart = reader.position;
    const what = `section ${id} at offset ${offset}`;
    if (id === 0) {
      const nameLen = await reader.readUleb32(`custom section name length at offset ${offset}`);
      if (reader.position - contentStart + nameLen.value > size) {
        throw new InvalidWasmError(`invalid wasm: custom section name at offset ${offset} runs past the section end`);
      }
      const nameBytes = await reader.readExact(nameLen.value, what);
      let name: string;
      try {
        name = textDecoder.decode(nameBytes);
      } catch {
        throw new InvalidWasmError(`invalid wasm: custom section name at offset ${offset} is not UTF-8`);
      }
      const rest = size - (reader.position - contentStart);
      if (isClaimsSectionName(name)) {
        await reader.skip(rest, what);
        continue;
      }
      yield Uint8Array.of(0, ...encodeUleb(size));
      yield nameLen.raw;
      yield nameBytes;
      yield* reader.take(rest, what);
      continue;
    }
    const nested = isNestedSection(encoding, id);
    if (nested) {
      const body = await reader.readExact(size, what);
      const binary = parseWasm(body, 0, body.length, 1);
      if (binary.encoding !== nested) {
        throw new InvalidWasmError(`invalid wasm: section ${id} at offset ${offset} holds a ${binary.encoding}, expected a ${nested}`);
      }
      const stripped = stripClaimsChunks(body, binary);
      yield Uint8Array.of(id, ...encodeUleb(stripped.length));
      yield* stripped.chunks;
      continue;
    }
    yield Uint8Array.of(id, ...encodeUleb(size));
    yield* reader.take(size, what);
  }
}
