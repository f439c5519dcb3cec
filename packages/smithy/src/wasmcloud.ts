import { MemberAst, NodeValue, ShapeAst, Traits } from './ast';
import { shown } from '@nx-wasmcloud/wascap/terminal-text';
import { SmithyError } from './errors';
import { Model } from './model';

/** Trait ids weld knows; all in org.wasmcloud.model, as weld hard-codes them. */
export const WASMBUS = 'org.wasmcloud.model#wasmbus';
export const FIELD_NUM = 'org.wasmcloud.model#n';
export const SERIALIZATION = 'org.wasmcloud.model#serialization';
export const CODEGEN_RUST = 'org.wasmcloud.model#codegenRust';
export const RENAME = 'org.wasmcloud.model#rename';
export const UNIT = 'org.wasmcloud.model#Unit';
export const DOCUMENTATION = 'smithy.api#documentation';
export const REQUIRED = 'smithy.api#required';
export const BOX = 'smithy.api#box';
export const TRAIT = 'smithy.api#trait';

export interface Wasmbus {
  contractId?: string;
  actorReceive: boolean;
  providerReceive: boolean;
  protocol?: string;
}

export function wasmbusOf(traits: Traits | undefined): Wasmbus | undefined {
  const value = traits?.[WASMBUS];
  if (value === undefined) return undefined;
  const obj = (value && typeof value === 'object' && !Array.isArray(value) ? value : {}) as Record<string, NodeValue>;
  return {
    contractId: typeof obj.contractId === 'string' ? obj.contractId : undefined,
    actorReceive: obj.actorReceive === true,
    providerReceive: obj.providerReceive === true,
    protocol: typeof obj.protocol === 'string' ? obj.protocol : undefined,
  };
}

/** weld's WasmbusProtoVersion: "0" (msgpack) or "2" (CBOR); anything else is an error. */
export function protocolOf(wasmbus: Wasmbus, serviceId: string): '0' | '2' {
  const p = wasmbus.protocol ?? '0';
  if (p === '0' || p === '2') return p;
  throw new SmithyError(`${serviceId}: Invalid wasmbus.protocol: '${shown(p)}'. The default value is "0".`);
}

export interface CodegenRust {
  noDeriveDefault: boolean;
  noDeriveEq: boolean;
  nonExhaustive: boolean;
  skip: boolean;
}

export function codegenRustOf(traits: Traits | undefined): CodegenRust | undefined {
  const v = traits?.[CODEGEN_RUST];
  if (v === undefined) return undefined;
  const o = (v && typeof v === 'object' && !Array.isArray(v) ? v : {}) as Record<string, NodeValue>;
  return { noDeriveDefault: o.noDeriveDefault === true, noDeriveEq: o.noDeriveEq === true, nonExhaustive: o.nonExhaustive === true, skip: o.skip === true };
}

export interface Field {
  name: string;
  member: MemberAst;
  num: number | undefined;
}

/** weld get_sorted_fields: by @n when every member is numbered, else by name; partial numbering is an error. */
export function sortedFields(shapeId: string, shape: ShapeAst): { fields: Field[]; numbered: boolean } {
  const fields: Field[] = Object.entries(shape.members ?? {}).map(([name, member]) => {
    const n = member.traits?.[FIELD_NUM];
    if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 65535)) {
      throw new SmithyError(`invalid field number @n() for field '${name}' of ${shapeId}: ${JSON.stringify(n)}`);
    }
    return { name, member, num: n as number | undefined };
  });
  const numbers = new Set(fields.filter((f) => f.num !== undefined).map((f) => f.num));
  if (numbers.size === 0) {
    fields.sort((a, b) => cmp(a.name, b.name));
    return { fields, numbered: false };
  }
  if (numbers.size !== fields.length) {
    throw new SmithyError(
      `structure ${shapeName(shapeId)} has incomplete or invalid field numbers: either some fields are missing the '@n()' trait, or some fields have duplicate numbers.`,
    );
  }
  fields.sort((a, b) => a.num! - b.num!);
  return { fields, numbered: true };
}

function shapeName(id: string): string {
  return id.slice(id.indexOf('#') + 1);
}

/** Byte-wise string order, as Rust sorts identifiers. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface ServiceInfo {
  id: string;
  shape: ShapeAst;
  wasmbus: Wasmbus | undefined;
}

export function services(model: Model, namespace?: string): ServiceInfo[] {
  const out: ServiceInfo[] = [];
  for (const [id, shape] of model.shapes) {
    if (shape.type !== 'service') continue;
    if (namespace && !id.startsWith(namespace + '#')) continue;
    out.push({ id, shape, wasmbus: wasmbusOf(shape.traits) });
  }
  return out.sort((a, b) => cmp(a.id, b.id));
}

/** Capability contract id of every @wasmbus service that declares one. */
export function contractIds(model: Model): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of services(model)) if (s.wasmbus?.contractId) out.set(s.id, s.wasmbus.contractId);
  return out;
}
