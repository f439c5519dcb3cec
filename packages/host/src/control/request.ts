/** Parsing of control requests: JSON objects with only the fields the crate's structs declare. */
export class ControlRequestError extends Error {}

type FieldType = 'string' | 'number' | 'map';
export type Shape = Record<string, { type: FieldType; required?: boolean }>;

const isStringMap = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

/**
 * Decodes `body` as a JSON object of `shape`: not JSON, not an object, an unknown field, a field of
 * the wrong type or a missing required one is one error line naming it (the ack's error).
 */
export function parseRequest<T>(what: string, body: Uint8Array, shape: Shape): T {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    throw new ControlRequestError(`Invalid ${what} request: the body is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ControlRequestError(`Invalid ${what} request: expected a JSON object`);
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!(key in shape))
      throw new ControlRequestError(`Invalid ${what} request: unknown field ${JSON.stringify(key).slice(0, 80)} (expected ${Object.keys(shape).join(', ')})`);
  }
  for (const [key, spec] of Object.entries(shape)) {
    const v = obj[key];
    if (v === undefined || v === null) {
      if (spec.required) throw new ControlRequestError(`Invalid ${what} request: missing ${key}`);
      delete obj[key];
      continue;
    }
    const ok = spec.type === 'string' ? typeof v === 'string' : spec.type === 'number' ? Number.isInteger(v) && (v as number) >= 0 : isStringMap(v);
    if (!ok)
      throw new ControlRequestError(
        `Invalid ${what} request: ${key} must be ${spec.type === 'map' ? 'a map of strings' : spec.type === 'number' ? 'a non-negative integer' : 'a string'}`,
      );
    if (spec.required && spec.type === 'string' && (v as string).trim() === '') throw new ControlRequestError(`Invalid ${what} request: ${key} is empty`);
  }
  return obj as T;
}

const annotations = { type: 'map' } as const;
/** Field sets of types.rs (v0.22.0 … v0.31.0). */
export const SHAPES = {
  startActor: { actor_ref: { type: 'string', required: true }, host_id: { type: 'string' }, count: { type: 'number' }, annotations },
  stopActor: { actor_ref: { type: 'string', required: true }, host_id: { type: 'string' }, count: { type: 'number' }, annotations },
  updateActor: { actor_id: { type: 'string', required: true }, host_id: { type: 'string' }, new_actor_ref: { type: 'string', required: true }, annotations },
  startProvider: {
    provider_ref: { type: 'string', required: true },
    host_id: { type: 'string' },
    link_name: { type: 'string' },
    configuration: { type: 'string' },
    annotations,
  },
  stopProvider: {
    provider_ref: { type: 'string', required: true },
    host_id: { type: 'string' },
    link_name: { type: 'string' },
    contract_id: { type: 'string' },
    annotations,
  },
  linkPut: {
    actor_id: { type: 'string', required: true },
    provider_id: { type: 'string', required: true },
    link_name: { type: 'string' },
    contract_id: { type: 'string', required: true },
    values: { type: 'map' },
  },
  // remove_link sends a whole LinkDefinition with an empty provider_id and values.
  linkDel: {
    actor_id: { type: 'string', required: true },
    provider_id: { type: 'string' },
    link_name: { type: 'string' },
    contract_id: { type: 'string', required: true },
    values: { type: 'map' },
  },
} satisfies Record<string, Shape>;
