import { Decoder, Encoder } from '@msgpack/msgpack';

// One encoder and decoder, reused: a fresh one per message costs more than the message itself.
// (Both clone themselves when re-entered, so reuse is safe.)
const encoder = new Encoder();
const decoder = new Decoder({ useBigInt64: false });
const encode = (value: unknown): Uint8Array => encoder.encode(value);

/**
 * The lattice envelopes as weld `wasmbus_core.rs` (wasmbus-rpc 0.14) and wasmcloud_core (host 0.82)
 * define them: msgpack maps keyed by the Rust field names (rmp_serde `to_vec_named`).
 */
export interface WasmCloudEntity {
  public_key: string;
  link_name: string;
  contract_id: string;
}

export interface Invocation {
  origin: WasmCloudEntity;
  target: WasmCloudEntity;
  operation: string;
  msg: Uint8Array;
  id: string;
  encoded_claims: string;
  host_id: string;
  /** Total message size; larger than msg.length when the body went through the object store. */
  content_length: number;
  traceContext?: Record<string, string>;
}

export interface InvocationResponse {
  msg: Uint8Array;
  invocation_id: string;
  error?: string;
  content_length: number;
}

export interface LinkDefinition {
  actor_id: string;
  provider_id: string;
  link_name: string;
  contract_id: string;
  values: Record<string, string>;
}

/** otp `actor_module.ex`: the reply to a body that is not msgpack at all. */
export const NOT_MSGPACK_ERROR = 'Failed to deserialize msgpack invocation';
/** otp `lib.rs` validate_antiforgery: msgpack, but not an Invocation. */
export const NOT_INVOCATION_ERROR = 'Failed to deserialize invocation';

/** A body that could not be read as the envelope it should be; `message` is the reply's error string. */
export class EnvelopeError extends Error {
  constructor(
    message: string,
    readonly detail: string,
  ) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

const empty = new Uint8Array(0);

export function actorEntity(publicKey: string): WasmCloudEntity {
  return { public_key: publicKey, link_name: '', contract_id: '' };
}

export function providerEntity(publicKey: string, contractId: string, linkName: string): WasmCloudEntity {
  return { public_key: publicKey, link_name: linkName, contract_id: contractId };
}

// Key order follows the Rust structs, so our bytes equal rmp_serde's for the same values.
function entityMap(e: WasmCloudEntity): WasmCloudEntity {
  return { public_key: e.public_key, link_name: e.link_name, contract_id: e.contract_id };
}

export function encodeInvocation(inv: Invocation): Uint8Array {
  const out: Record<string, unknown> = {
    origin: entityMap(inv.origin),
    target: entityMap(inv.target),
    operation: inv.operation,
    msg: inv.msg,
    id: inv.id,
    encoded_claims: inv.encoded_claims,
    host_id: inv.host_id,
    // Always present: wasmcloud_core (host >= 0.80) has no default for it.
    content_length: inv.content_length,
  };
  if (inv.traceContext) out.traceContext = inv.traceContext;
  return encode(out);
}

export function encodeInvocationResponse(r: InvocationResponse): Uint8Array {
  const out: Record<string, unknown> = { msg: r.msg, invocation_id: r.invocation_id };
  if (r.error !== undefined) out.error = r.error;
  out.content_length = r.content_length;
  return encode(out);
}

export function encodeLinkDefinition(ld: LinkDefinition): Uint8Array {
  return encode({ actor_id: ld.actor_id, provider_id: ld.provider_id, link_name: ld.link_name, contract_id: ld.contract_id, values: { ...ld.values } });
}

function decodeMap(bytes: Uint8Array, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = decoder.decode(bytes);
  } catch (e) {
    throw new EnvelopeError(what === 'invocation' ? NOT_MSGPACK_ERROR : `Failed to deserialize msgpack ${what}`, (e as Error).message);
  }
  if (!isMap(value))
    throw new EnvelopeError(what === 'invocation' ? NOT_INVOCATION_ERROR : `Failed to deserialize ${what}`, `expected a map, got ${kind(value)}`);
  return value;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function kind(v: unknown): string {
  if (v === null) return 'nil';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return 'bytes';
  return typeof v;
}

/** serde `#[serde(default)]` semantics: absent means the default, a wrong type is an error. */
function field<T>(m: Record<string, unknown>, key: string, check: (v: unknown) => v is T, fallback: T | undefined, fail: (detail: string) => never): T {
  const v = m[key];
  if (v === undefined || (v === null && fallback !== undefined)) {
    if (fallback === undefined) fail(`missing field ${key}`);
    return fallback as T;
  }
  if (!check(v)) fail(`field ${key}: unexpected ${kind(v)}`);
  return v as T;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function entity(v: unknown, fail: (d: string) => never, name: string): WasmCloudEntity {
  if (!isMap(v)) fail(`field ${name}: expected a map, got ${kind(v)}`);
  const m = v as Record<string, unknown>;
  return {
    public_key: field(m, 'public_key', isString, '', fail),
    link_name: field(m, 'link_name', isString, '', fail),
    contract_id: field(m, 'contract_id', isString, '', fail),
  };
}

export function decodeInvocation(bytes: Uint8Array): Invocation {
  const m = decodeMap(bytes, 'invocation');
  const fail = (detail: string): never => {
    throw new EnvelopeError(NOT_INVOCATION_ERROR, detail);
  };
  const msg = field(m, 'msg', isBytes, empty, fail);
  const inv: Invocation = {
    origin: entity(m.origin, fail, 'origin'),
    target: entity(m.target, fail, 'target'),
    operation: field(m, 'operation', isString, '', fail),
    msg,
    id: field(m, 'id', isString, '', fail),
    encoded_claims: field(m, 'encoded_claims', isString, '', fail),
    host_id: field(m, 'host_id', isString, '', fail),
    // weld <= 0.14 made it optional: absent means "not chunked".
    content_length: field(m, 'content_length', isCount, msg.length, fail),
  };
  if (isMap(m.traceContext)) inv.traceContext = m.traceContext as Record<string, string>;
  return inv;
}

export function decodeInvocationResponse(bytes: Uint8Array): InvocationResponse {
  const m = decodeMap(bytes, 'invocation response');
  const fail = (detail: string): never => {
    throw new EnvelopeError('Failed to deserialize invocation response', detail);
  };
  const msg = field(m, 'msg', isBytes, empty, fail);
  const r: InvocationResponse = {
    msg,
    invocation_id: field(m, 'invocation_id', isString, '', fail),
    content_length: field(m, 'content_length', isCount, msg.length, fail),
  };
  if (typeof m.error === 'string') r.error = m.error;
  return r;
}

export function decodeLinkDefinition(bytes: Uint8Array): LinkDefinition {
  const m = decodeMap(bytes, 'link definition');
  const fail = (detail: string): never => {
    throw new EnvelopeError('Failed to deserialize link definition', detail);
  };
  const values = field(m, 'values', isMap, {}, fail);
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    if (typeof v !== 'string') fail(`values.${k}: unexpected ${kind(v)}`);
    clean[k] = v as string;
  }
  return {
    actor_id: field(m, 'actor_id', isString, '', fail),
    provider_id: field(m, 'provider_id', isString, '', fail),
    link_name: field(m, 'link_name', isString, '', fail),
    contract_id: field(m, 'contract_id', isString, '', fail),
    values: clean,
  };
}
