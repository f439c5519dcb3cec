import { InvalidWasmError } from './errors';

/** Minimal unsigned LEB128, as wasm-encoder writes every size it emits. */
export function encodeUleb(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`uleb: ${value} is not a non-negative integer`);
  const out: number[] = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Uint8Array.from(out);
}

/**
 * Reads a u32 unsigned LEB128 as the wasm spec allows it: at most 5 bytes, possibly non-minimal
 * (padded), and the unused bits of the 5th byte zero.
 */
export function readUleb32(buf: Uint8Array, offset: number, what: string): { value: number; next: number } {
  let result = 0;
  for (let i = 0; i < 5; i++) {
    const pos = offset + i;
    if (pos >= buf.length) throw new InvalidWasmError(`truncated wasm: ${what} ends at byte ${buf.length} inside a LEB128 at offset ${offset}`);
    const byte = buf[pos];
    if (i === 4 && (byte & 0xf0) !== 0) throw new InvalidWasmError(`invalid wasm: ${what} at offset ${offset} is not a valid u32 LEB128`);
    result += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return { value: result, next: pos + 1 };
  }
  throw new InvalidWasmError(`invalid wasm: ${what} at offset ${offset} is longer than 5 bytes`);
}
