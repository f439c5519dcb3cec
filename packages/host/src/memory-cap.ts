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
 * Gives the module's own memory a maximum of `limitBytes` (lowering a larger one), so that
 * `memory.grow` past the cap fails inside the guest (Rust's allocator then aborts: a trap for that
 * call) instead of the host process running out of memory. Only the memory section changes; the
 * claims were checked on the bytes as signed.
 */
export function capMemory(wasm: Uint8Array, limitBytes: number, label: string): Uint8Array {
  const capPages = Math.max(1, Math.floor(limitBytes / PAGE));
  const section = parseWasm(wasm).sections.find((s) => s.id === MEMORY_SECTION);
  if (!section) return wasm;
  let pos = section.start;
  const [count, afterCount] = readUleb(wasm, pos);
  if (count === 0) return wasm;
  pos = afterCount;
  const flags = wasm[pos];
  // Memory64 (flag bit 2) is not a classic actor's memory: leave it for the compiler to refuse.
  if (flags & 0x04) return wasm;
  const [min, afterMin] = readUleb(wasm, pos + 1);
  let rest = afterMin;
  let max: number | undefined;
  if (flags & 0x01) [max, rest] = readUleb(wasm, afterMin);
  if (min > capPages) {
    throw new HostUserError(
      `${label}: the module's memory starts at ${min * PAGE} bytes, over the host's cap of ${capPages * PAGE} bytes: raise memoryLimitBytes`,
    );
  }
  if (max !== undefined && max <= capPages) return wasm;
  const limits = [flags | 0x01, ...encodeUleb(min), ...encodeUleb(capPages)];
  const content = new Uint8Array([...encodeUleb(count), ...limits, ...wasm.subarray(rest, section.end)]);
  const header = new Uint8Array([MEMORY_SECTION, ...encodeUleb(content.length)]);
  const out = new Uint8Array(section.offset + header.length + content.length + (wasm.length - section.end));
  out.set(wasm.subarray(0, section.offset), 0);
  out.set(header, section.offset);
  out.set(content, section.offset + header.length);
  out.set(wasm.subarray(section.end), section.offset + header.length + content.length);
  return out;
}
