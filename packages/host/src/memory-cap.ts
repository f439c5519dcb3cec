import { encodeUleb, parseWasm } from '@nx-wasmcloud/wascap';
import { HostUserError } from './errors';

const MEMORY_SECTION = 5;
const PAGE = 65536;

function readUleb(buf: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return [result, pos];
    shift += 7;
  }
}

/**
 * The content of a memory section wasm[start, end) with the cap applied, or undefined when it
 * needs no change. The deadline instrumenter calls this while it rebuilds the module (one parse
 * of the module for both); capMemory calls it for a module that is not instrumented.
 */
export function capMemorySection(wasm: Uint8Array, start: number, end: number, limitBytes: number, label: string): Uint8Array | undefined {
  const capPages = Math.max(1, Math.floor(limitBytes / PAGE));
  const [count, afterCount] = readUleb(wasm, start);
  if (count === 0) return undefined;
  const flags = wasm[afterCount];
  // Memory64 (flag bit 2) is not a classic actor's memory: leave it for the compiler to refuse.
  if (flags & 0x04) return undefined;
  const [min, afterMin] = readUleb(wasm, afterCount + 1);
  let rest = afterMin;
  let max: number | undefined;
  if (flags & 0x01) [max, rest] = readUleb(wasm, afterMin);
  if (min > capPages) {
    throw new HostUserError(
      `${label}: the module's memory starts at ${min * PAGE} bytes, over the host's cap of ${capPages * PAGE} bytes: raise memoryLimitBytes`,
    );
  }
  if (max !== undefined && max <= capPages) return undefined;
  // Assembled with set(), not spreads: this runs once per start, in V8's interpreter.
  const limits = [encodeUleb(count), Uint8Array.of(flags | 0x01), encodeUleb(min), encodeUleb(capPages), wasm.subarray(rest, end)];
  const out = new Uint8Array(limits.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of limits) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * Gives the module's own memory a maximum of `limitBytes` (lowering a larger one), so that
 * `memory.grow` past the cap fails inside the guest (Rust's allocator then aborts: a trap for that
 * call) instead of the host process running out of memory. Only the memory section changes; the
 * claims were checked on the bytes as signed.
 */
export function capMemory(wasm: Uint8Array, limitBytes: number, label: string): Uint8Array {
  const section = parseWasm(wasm).sections.find((s) => s.id === MEMORY_SECTION);
  if (!section) return wasm;
  const content = capMemorySection(wasm, section.start, section.end, limitBytes, label);
  if (!content) return wasm;
  const header = new Uint8Array([MEMORY_SECTION, ...encodeUleb(content.length)]);
  const out = new Uint8Array(section.offset + header.length + content.length + (wasm.length - section.end));
  out.set(wasm.subarray(0, section.offset), 0);
  out.set(header, section.offset);
  out.set(content, section.offset + header.length);
  out.set(wasm.subarray(section.end), section.offset + header.length + content.length);
  return out;
}
