import { decodePayload, encodeMsgpack } from './codec';
import { HostUserError } from './errors';

export interface TestResult {
  name: string;
  passed: boolean;
  /** The parsed snapData JSON (`{"data": …}` or `{"error": "…"}`), when the actor sent one. */
  snapData?: unknown;
  /** snapData's `error`, for a failed test. */
  error?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseSnap(raw: unknown): unknown {
  if (raw === undefined || raw === null) return undefined;
  const text = raw instanceof Uint8Array ? utf8.decode(raw) : typeof raw === 'string' ? raw : undefined;
  if (text === undefined) return raw;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function oneResult(entry: unknown, index: number): TestResult {
  // CBOR (protocol "2") sends structs as arrays ordered by @n; msgpack sends named maps.
  let name: unknown, passed: unknown, snap: unknown;
  if (Array.isArray(entry)) [name, passed, snap] = entry;
  else if (entry instanceof Map) [name, passed, snap] = [entry.get('name'), entry.get('passed'), entry.get('snapData') ?? entry.get('snap_data')];
  else if (entry && typeof entry === 'object') {
    const o = entry as Record<string, unknown>;
    [name, passed, snap] = [o.name, o.passed, o.snapData ?? o.snap_data];
  }
  if (typeof name !== 'string' || typeof passed !== 'boolean') {
    throw new HostUserError(`TestResults entry ${index} has no string name and boolean passed: is the reply a wasmcloud:testing TestResults?`);
  }
  const result: TestResult = { name, passed };
  const snapData = parseSnap(snap);
  if (snapData !== undefined) result.snapData = snapData;
  if (snapData && typeof snapData === 'object' && typeof (snapData as { error?: unknown }).error === 'string') {
    result.error = (snapData as { error: string }).error;
  }
  return result;
}

/** `Testing.Start`'s reply: msgpack `[{name, passed, snapData?}]` (<= 0.4) or CBOR `0x7f` `[[name, passed, snapData|null]]` (>= 0.5). */
export function decodeTestResults(bytes: Uint8Array): TestResult[] {
  const value = decodePayload(bytes);
  if (!Array.isArray(value)) throw new HostUserError('the reply is not a list of TestResult: is the operation Testing.Start?');
  return value.map(oneResult);
}

/** `TestOptions` as wash sends `test-options.json`: msgpack of the JSON (patterns default `[".*"]`). */
export function encodeTestOptions(options: { patterns?: string[]; options?: Record<string, string> } = {}): Uint8Array {
  return encodeMsgpack({ patterns: options.patterns ?? ['.*'], options: options.options ?? {} });
}
