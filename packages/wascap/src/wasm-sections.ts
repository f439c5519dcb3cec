import { InvalidWasmError } from './errors';
import { encodeUleb, readUleb32 } from './leb128';

/** Custom section names wascap writes claims into: `jwt` (wascap <= 0.8) and `wasmcloud_jwt` (>= 0.9). */
export const SECTION_JWT = 'jwt';
export const SECTION_WC_JWT = 'wasmcloud_jwt';

export type WasmEncoding = 'module' | 'component';

export interface WasmSection {
  id: number;
  /** Offset of the id byte in the buffer that was parsed. */
  offset: number;
  /** Contents (after the size LEB), as offsets into that buffer. */
  start: number;
  end: number;
  /** Only for custom sections (id 0). */
  name?: string;
  /** A nested core module (component section 1) or component (component section 4). */
  nested?: WasmBinary;
}

export interface WasmBinary {
  encoding: WasmEncoding;
  /** The 8 header bytes as found (magic + version/layer). */
  header: Uint8Array;
  sections: WasmSection[];
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
const MAX_MODULE_SECTION_ID = 13; // tag section (exceptions)
const MAX_COMPONENT_SECTION_ID = 11;
/**
 * How deep components may nest. The parser (and the strip and find that walk its result) recurse
 * once per level; far more levels than any toolchain emits (a handful), far fewer than would
 * exhaust the stack (a 58 KB file can nest 5,000 deep).
 */
export const MAX_NESTING_DEPTH = 100;
const COMPONENT_CORE_MODULE_SECTION = 1;
const COMPONENT_COMPONENT_SECTION = 4;
const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** Checks the 8-byte preamble; `available` is how many bytes the whole binary has. */
export function parseHeader(header: Uint8Array, available: number, offset = 0): WasmEncoding {
  if (available < 8) {
    throw new InvalidWasmError(`not a wasm module: ${available} bytes is shorter than the 8-byte header`);
  }
  for (let i = 0; i < 4; i++) {
    if (header[i] !== MAGIC[i]) throw new InvalidWasmError('not a wasm module: missing the \\0asm magic number');
  }
  const version = header[4] | (header[5] << 8);
  const layer = header[6] | (header[7] << 8);
  if (layer === 0 && version === 1) return 'module';
  if (layer === 1) return 'component';
  throw new InvalidWasmError(`unsupported wasm version ${version} (layer ${layer}) at offset ${offset}`);
}

export function maxSectionId(encoding: WasmEncoding): number {
  return encoding === 'module' ? MAX_MODULE_SECTION_ID : MAX_COMPONENT_SECTION_ID;
}

export function isNestedSection(encoding: WasmEncoding, id: number): 'module' | 'component' | undefined {
  if (encoding !== 'component') return undefined;
  if (id === COMPONENT_CORE_MODULE_SECTION) return 'module';
  if (id === COMPONENT_COMPONENT_SECTION) return 'component';
  return undefined;
}

export function isClaimsSectionName(name: string | undefined): boolean {
  return name === SECTION_JWT || name === SECTION_WC_JWT;
}

/**
 * Parses the section layout of a core module or component, recursing into nested modules and
 * components (as wasmparser's `parse_all` does). Section contents are not validated: wascap only
 * moves them around.
 */
export function parseWasm(buf: Uint8Array, start = 0, end = buf.length, depth = 0): WasmBinary {
  const encoding = parseHeader(buf.subarray(start, Math.min(end, start + 8)), end - start, start);
  const maxId = encoding === 'module' ? MAX_MODULE_SECTION_ID : MAX_COMPONENT_SECTION_ID;
  const sections: WasmSection[] = [];
  let pos = start + 8;
  while (pos < end) {
    const offset = pos;
    const id = buf[pos];
    if (id > maxId) throw new InvalidWasmError(`invalid wasm: unknown ${encoding} section id ${id} at offset ${offset}`);
    const size = readUleb32(buf.subarray(0, end), pos + 1, `size of section ${id}`);
    const contentStart = size.next;
    const contentEnd = contentStart + size.value;
    if (contentEnd > end) {
      throw new InvalidWasmError(`truncated wasm: section ${id} at offset ${offset} needs ${size.value} bytes, only ${end - contentStart} remain`);
    }
    const section: WasmSection = { id, offset, start: contentStart, end: contentEnd };
    if (id === 0) {
      const nameLen = readUleb32(buf.subarray(0, contentEnd), contentStart, `custom section name length at offset ${offset}`);
      if (nameLen.next + nameLen.value > contentEnd) {
        throw new InvalidWasmError(`invalid wasm: custom section name at offset ${offset} runs past the section end`);
      }
      try {
        section.name = textDecoder.decode(buf.subarray(nameLen.next, nameLen.next + nameLen.value));
      } catch {
        throw new InvalidWasmError(`invalid wasm: custom section name at offset ${offset} is not UTF-8`);
      }
    } else if (encoding === 'component' && (id === COMPONENT_CORE_MODULE_SECTION || id === COMPONENT_COMPONENT_SECTION)) {
      if (depth >= MAX_NESTING_DEPTH) {
        throw new InvalidWasmError(
          `invalid wasm: modules and components nested more than ${MAX_NESTING_DEPTH} deep (at offset ${offset}); no toolchain nests this deep`,
        );
      }
      section.nested = parseWasm(buf, contentStart, contentEnd, depth + 1);
      const expected: WasmEncoding = id === COMPONENT_CORE_MODULE_SECTION ? 'module' : 'component';
      if (section.nested.encoding !== expected) {
        throw new InvalidWasmError(`invalid wasm: section ${id} at offset ${offset} holds a ${section.nested.encoding}, expected a ${expected}`);
      }
    }
    sections.push(section);
    pos = contentEnd;
  }
  return { encoding, header: buf.subarray(start, start + 8), sections };
}

/** Byte chunks whose concatenation is a wasm binary; most are views into the input (no copy). */
export interface Chunks {
  chunks: Uint8Array[];
  length: number;
}

function isClaimsSection(section: WasmSection): boolean {
  return section.id === 0 && (section.name === SECTION_JWT || section.name === SECTION_WC_JWT);
}

/**
 * wascap's `strip_custom_section` (>= 0.10): drops every `jwt`/`wasmcloud_jwt` custom section at
 * any depth and re-emits every other section as id + minimal uleb(size) + original contents,
 * rebuilding nested modules/components the same way.
 */
export function stripClaimsChunks(buf: Uint8Array, binary: WasmBinary = parseWasm(buf)): Chunks {
  const chunks: Uint8Array[] = [binary.header];
  let length = binary.header.length;
  for (const section of binary.sections) {
    if (isClaimsSection(section)) continue;
    const body: Chunks = section.nested
      ? stripClaimsChunks(buf, section.nested)
      : { chunks: [buf.subarray(section.start, section.end)], length: section.end - section.start };
    const head = Uint8Array.of(section.id, ...encodeUleb(body.length));
    chunks.push(head, ...body.chunks);
    length += head.length + body.length;
  }
  return { chunks, length };
}

export function concatChunks({ chunks, length }: Chunks): Uint8Array {
  const out = new Uint8Array(length);
  let pos = 0;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.length;
  }
  return out;
}

export function stripClaims(buf: Uint8Array): Uint8Array {
  return concatChunks(stripClaimsChunks(buf));
}

/** A custom section as wasm_gen::write_custom_section emits it: 0x00, uleb(size), uleb(len(name)), name, data. */
export function customSection(name: string, data: Uint8Array): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const nameLen = encodeUleb(nameBytes.length);
  const size = nameLen.length + nameBytes.length + data.length;
  const sizeLeb = encodeUleb(size);
  const out = new Uint8Array(1 + sizeLeb.length + size);
  let pos = 0;
  out[pos++] = 0;
  out.set(sizeLeb, pos);
  pos += sizeLeb.length;
  out.set(nameLen, pos);
  pos += nameLen.length;
  out.set(nameBytes, pos);
  pos += nameBytes.length;
  out.set(data, pos);
  return out;
}

/** The contents of a custom section after its name. */
export function customSectionData(buf: Uint8Array, section: WasmSection): Uint8Array {
  const nameLen = readUleb32(buf, section.start, 'custom section name length');
  return buf.subarray(nameLen.next + nameLen.value, section.end);
}

export interface FoundClaimsSection {
  name: string;
  data: Uint8Array;
  depth: number;
}

/**
 * The section wascap's `extract_claims` would pick: the first in parse order that is named `jwt`
 * at any depth, or `wasmcloud_jwt` at the top level. (wascap 0.11 writes the condition as
 * `name == "jwt" || name == "wasmcloud_jwt" && depth == 0`; Rust's precedence binds the depth
 * test to `wasmcloud_jwt` only, and this mirrors it.)
 */
export function findClaimsSection(buf: Uint8Array, binary: WasmBinary = parseWasm(buf), depth = 0): FoundClaimsSection | undefined {
  for (const section of binary.sections) {
    if (section.nested) {
      const found = findClaimsSection(buf, section.nested, depth + 1);
      if (found) return found;
    } else if (section.id === 0 && (section.name === SECTION_JWT || (section.name === SECTION_WC_JWT && depth === 0))) {
      return { name: section.name, data: customSectionData(buf, section), depth };
    }
  }
  return undefined;
}
