import { randomInt, randomUUID } from 'node:crypto';
import { decode, encode } from '@msgpack/msgpack';
import { HostCallResult } from './worker-instance';
import { LogLevel } from './types';

export const BUILTIN_LOGGING = 'wasmcloud:builtin:logging';
export const BUILTIN_NUMBERGEN = 'wasmcloud:builtin:numbergen';
const U32_MAX = 4_294_967_295;
const LEVELS: LogLevel[] = ['error', 'warn', 'info', 'debug'];
const empty = new Uint8Array(0);

function decodeMap(payload: Uint8Array): Record<string, unknown> {
  const value = payload.length === 0 ? {} : decode(payload);
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** `Logging.WriteLog {level, text}`: any other level is logged as debug (otp logging.ex); the reply is empty. */
export function logging(operation: string, payload: Uint8Array, log: (level: LogLevel, text: string) => void): HostCallResult {
  if (operation !== 'Logging.WriteLog') return { ok: false, error: `${BUILTIN_LOGGING} has no operation ${operation}` };
  const msg = decodeMap(payload);
  const level = LEVELS.includes(msg.level as LogLevel) ? (msg.level as LogLevel) : 'debug';
  log(level, String(msg.text ?? ''));
  return { ok: true, payload: empty };
}

/** `NumberGen.GenerateGuid` (msgpack str, UUIDv4), `Random32` (u32), `RandomInRange {min, max}` (u32, inclusive; otp numbergen.ex). */
export function numbergen(operation: string, payload: Uint8Array): HostCallResult {
  switch (operation) {
    case 'NumberGen.GenerateGuid':
      return { ok: true, payload: encode(randomUUID()) };
    case 'NumberGen.Random32':
      return { ok: true, payload: encode(randomInt(0, U32_MAX + 1)) };
    case 'NumberGen.RandomInRange': {
      const msg = decodeMap(payload);
      const min = Math.max(Number(msg.min ?? 0), 0);
      const max = Math.min(Number(msg.max ?? U32_MAX), U32_MAX);
      const [lo, hi] = min <= max ? [min, max] : [max, min];
      return { ok: true, payload: encode(lo === hi ? lo : randomInt(lo, hi + 1)) };
    }
    default:
      return { ok: false, error: `${BUILTIN_NUMBERGEN} has no operation ${operation}` };
  }
}
