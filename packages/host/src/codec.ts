import { decode as msgpackDecode, encode as msgpackEncode } from '@msgpack/msgpack';
import { decode as cborDecode } from 'cbor-x';
import { HostUserError } from './errors';

/** JSON values -> msgpack with named fields (maps keyed by member name), as wash call sends `--data`. */
export function encodeMsgpack(value: unknown): Uint8Array {
  return msgpackEncode(value, { ignoreUndefined: true });
}

/** The first byte of a wasmbus CBOR message (weld `cbor::vec_encoder(true)`). */
export const CBOR_HEADER = 0x7f;
/** An explicit msgpack header byte (never valid msgpack on its own). */
export const MSGPACK_HEADER = 0xc1;

/**
 * weld `common.rs` `message_format`: empty -> nothing; `0x7f` -> CBOR after the byte; `0xc1` ->
 * msgpack after the byte; anything else is legacy msgpack.
 */
export function decodePayload(bytes: Uint8Array): unknown {
  if (bytes.length === 0) return undefined;
  try {
    if (bytes.length >= 2 && bytes[0] === CBOR_HEADER) return cborDecode(bytes.subarray(1));
    if (bytes.length >= 2 && bytes[0] === MSGPACK_HEADER) return msgpackDecode(bytes.subarray(1));
    return msgpackDecode(bytes);
  } catch (e) {
    const kind = bytes[0] === CBOR_HEADER ? 'CBOR' : 'msgpack';
    throw new HostUserError(`the payload (${bytes.length} bytes) is not valid ${kind}: ${(e as Error).message.split('\n')[0]}`);
  }
}

export type BinaryRendering = 'none' | 'utf8' | 'base64' | 'mixed';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Turns a decoded payload into a JSON value: `bin` values become a UTF-8 string when they are
 * valid UTF-8, else base64; `binaries` says which happened so `-o json` can tell a reader.
 */
export function toJsonValue(value: unknown): { json: unknown; binaries: BinaryRendering } {
  let sawUtf8 = false;
  let sawBase64 = false;
  const walk = (v: unknown): unknown => {
    if (v === undefined || v === null) return null;
    if (v instanceof Uint8Array) {
      try {
        const text = utf8.decode(v);
        sawUtf8 = true;
        return text;
      } catch {
        sawBase64 = true;
        return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
      }
    }
    if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v instanceof Map) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of v) out[typeof k === 'string' ? k : JSON.stringify(walk(k))] = walk(x);
      return out;
    }
    if (v instanceof Date) return v.toISOString();
    if (typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  const json = walk(value);
  const binaries: BinaryRendering = sawUtf8 && sawBase64 ? 'mixed' : sawUtf8 ? 'utf8' : sawBase64 ? 'base64' : 'none';
  return { json, binaries };
}
