import { ShapeAst } from '../ast';
import { SmithyError } from '../errors';
import { toPascalCase, toSnakeCase } from '../inflector';
import { namespaceOf, shapeName } from '../model';
import { sortedFields, UNIT } from '../wasmcloud';
import type { RustGen } from './rust';
import { isOptional, isRustPrimitive } from './rust';

/** weld ValExpr: a value expression, either owned (`&x` to borrow) or already a reference (`*x` to copy). */
export class ValExpr {
  private constructor(
    readonly text: string,
    readonly isRef: boolean,
  ) {}
  static plain(text: string): ValExpr {
    return new ValExpr(text, false);
  }
  static ref(text: string): ValExpr {
    return new ValExpr(text, true);
  }
  asRef(): string {
    return this.isRef ? this.text : `&${this.text}`;
  }
  asCopy(): string {
    return this.isRef ? `*${this.text}` : this.text;
  }
}

const simple = {
  blob: (v: ValExpr) => `e.bytes(${v.asRef()})?;\n`,
  boolean: (v: ValExpr) => `e.bool(${v.asCopy()})?;\n`,
  string: (v: ValExpr) => `e.str(${v.asRef()})?;\n`,
  byte: (v: ValExpr) => `e.i8(${v.asCopy()})?;\n`,
  ubyte: (v: ValExpr) => `e.u8(${v.asCopy()})?;\n`,
  short: (v: ValExpr) => `e.i16(${v.asCopy()})?;\n`,
  ushort: (v: ValExpr) => `e.u16(${v.asCopy()})?;\n`,
  integer: (v: ValExpr) => `e.i32(${v.asCopy()})?;\n`,
  uinteger: (v: ValExpr) => `e.u32(${v.asCopy()})?;\n`,
  long: (v: ValExpr) => `e.i64(${v.asCopy()})?;\n`,
  ulong: (v: ValExpr) => `e.u64(${v.asCopy()})?;\n`,
  float: (v: ValExpr) => `e.f32(${v.asCopy()})?;\n`,
  double: (v: ValExpr) => `e.f64(${v.asCopy()})?;\n`,
  document: (v: ValExpr) => `wasmbus_rpc::common::encode_document(&mut e, ${v.asRef()})?;\n`,
  timestamp: (v: ValExpr) => `e.i64(${v.text}.sec)?;\ne.u32(${v.text}.nsec)?;\n`,
};

const PRELUDE_ENC: Record<string, (v: ValExpr) => string> = {
  Blob: simple.blob,
  Boolean: simple.boolean,
  PrimitiveBoolean: simple.boolean,
  String: simple.string,
  Byte: simple.byte,
  PrimitiveByte: simple.byte,
  Short: simple.short,
  PrimitiveShort: simple.short,
  Integer: simple.integer,
  PrimitiveInteger: simple.integer,
  Long: simple.long,
  PrimitiveLong: simple.long,
  Float: simple.float,
  PrimitiveFloat: simple.float,
  Double: simple.double,
  PrimitiveDouble: simple.double,
  Timestamp: simple.timestamp,
  Document: simple.document,
};

const MODEL_ENC: Record<string, (v: ValExpr) => string> = {
  U64: simple.ulong,
  U32: simple.uinteger,
  U16: simple.ushort,
  U8: simple.ubyte,
  I64: simple.long,
  I32: simple.integer,
  I16: simple.short,
  I8: simple.byte,
  F64: simple.double,
  F32: simple.float,
};

/** weld encode_shape_id: the statement that encodes a value of shape `id`. */
export function encodeShapeId(g: RustGen, id: string, val: ValExpr, encOwned: boolean): string {
  const ns = namespaceOf(id);
  const name = shapeName(id);
  if (ns === 'smithy.api') {
    const f = PRELUDE_ENC[name];
    if (!f) throw new SmithyError(`unsupported type ${name}`);
    return f(val);
  }
  if (ns === 'org.wasmcloud.model') {
    const f = MODEL_ENC[name];
    if (f) return f(val);
    return `${g.modelCrate()}encode_${toSnakeCase(name)}( e, ${val.asRef()})?;\n`;
  }
  return `${g.cratePath(id)}encode_${toSnakeCase(name)}(${encOwned ? '&mut ' : ''} e, ${val.asRef()})?;\n`;
}

function encodeShapeKind(g: RustGen, id: string, shape: ShapeAst, val: ValExpr): { body: string; empty: boolean } {
  switch (shape.type) {
    case 'blob':
      return { body: simple.blob(val), empty: false };
    case 'boolean':
      return { body: simple.boolean(val), empty: false };
    case 'string':
    case 'enum':
      return { body: simple.string(val), empty: false };
    case 'byte':
      return { body: simple.byte(val), empty: false };
    case 'short':
      return { body: simple.short(val), empty: false };
    case 'integer':
    case 'intEnum':
      return { body: simple.integer(val), empty: false };
    case 'long':
      return { body: simple.long(val), empty: false };
    case 'float':
      return { body: simple.float(val), empty: false };
    case 'double':
      return { body: simple.double(val), empty: false };
    case 'timestamp':
      return { body: simple.timestamp(val), empty: false };
    case 'document':
      return { body: simple.document(val), empty: false };
    case 'map': {
      let s = `
                    e.map(${val.text}.len() as u64)?;
                    for (k,v) in ${val.text} {
                    `;
      s += encodeShapeId(g, shape.key!.target, ValExpr.ref('k'), false);
      s += encodeShapeId(g, shape.value!.target, ValExpr.ref('v'), false);
      s += `
                    }
                    `;
      return { body: s, empty: false };
    }
    case 'list': {
      let s = `
                    e.array(${val.text}.len() as u64)?;
                    for item in ${val.text}.iter() {
                    `;
      s += encodeShapeId(g, shape.member!.target, ValExpr.ref('item'), false);
      s += '}';
      return { body: s, empty: false };
    }
    case 'set': {
      let s = `
                    e.array(${val.text}.len() as u64)?;
                    for v in ${val.text}.iter() {
                    `;
      s += encodeShapeId(g, shape.member!.target, ValExpr.ref('v'), false);
      s += `
                    }
                    `;
      return { body: s, empty: false };
    }
    case 'structure':
      if (id === UNIT) return { body: 'e.null()?;\n', empty: false };
      return encodeStruct(g, id, shape, val);
    case 'union':
      return { body: encodeUnion(g, id, shape, val), empty: false };
    default:
      return { body: '', empty: false };
  }
}

function encodeUnion(g: RustGen, id: string, shape: ShapeAst, val: ValExpr): string {
  const { fields } = sortedFields(id, shape);
  const name = shapeName(id);
  let s = `// encoding union ${name}\n e.array(2)?;\n match ${val.text} {\n`;
  for (const f of fields) {
    const variant = toPascalCase(f.name);
    if (f.member.target === UNIT) {
      s += `${name}::${variant} => { e.u16(${f.num})?;\n`;
      s += 'e.null()?;\n';
    } else {
      s += `${name}::${variant}(v) => { e.u16(${f.num})?;\n`;
      s += encodeShapeId(g, f.member.target, ValExpr.ref('v'), false);
    }
    s += '},\n';
  }
  s += '}\n';
  return s;
}

function encodeStruct(g: RustGen, id: string, shape: ShapeAst, val: ValExpr): { body: string; empty: boolean } {
  const { fields, numbered } = sortedFields(id, shape);
  const maxIndex = numbered && fields.length ? fields.reduce((m, f) => Math.max(m, f.num!), 0) : fields.length;
  let s = numbered ? `e.array(${maxIndex + 1})?;\n` : `e.map(${fields.length})?;\n`;
  let current = 0;
  for (const f of fields) {
    if (f.num !== undefined && numbered) {
      while (current < f.num) {
        s += 'e.null()?;\n';
        current++;
      }
    }
    const fieldName = g.fieldName(f.name, f.member.traits, `${id}$${f.name}`);
    const fieldVal = encodeShapeId(g, f.member.target, ValExpr.ref('val'), false);
    if (isOptional(f.member)) {
      s += `if let Some(val) =  ${val.text}.${fieldName}.as_ref() {\n`;
      if (!numbered) s += `e.str("${f.name}")?;\n`;
      s += `${fieldVal} } else { e.null()?; }\n`;
    } else {
      if (!numbered) s += `e.str("${f.name}")?;\n`;
      s += encodeShapeId(g, f.member.target, ValExpr.plain(`${val.text}.${fieldName}`), false);
    }
    current++;
  }
  return { body: s, empty: fields.length === 0 };
}

/** weld declare_shape_encoder: `pub fn encode_<snake>(e, val)`. */
export function declareShapeEncoder(g: RustGen, id: string, shape: ShapeAst): string {
  if (
    ![
      'blob',
      'boolean',
      'string',
      'byte',
      'short',
      'integer',
      'long',
      'float',
      'double',
      'timestamp',
      'document',
      'bigInteger',
      'bigDecimal',
      'enum',
      'intEnum',
      'structure',
      'union',
      'map',
      'list',
      'set',
    ].includes(shape.type)
  )
    return '';
  const name = shapeName(id);
  const { body, empty } = encodeShapeKind(g, id, shape, ValExpr.ref('val'));
  const core = g.importCore;
  let s = ` 
                // Encode ${name} as CBOR and append to output stream
                #[doc(hidden)] #[allow(unused_mut)] ${isRustPrimitive(id) ? '#[inline]' : ''}
                pub fn encode_${toSnakeCase(name)}<W: ${core}::cbor::Write>(
                    mut e: &mut ${core}::cbor::Encoder<W>, ${empty ? '_val' : 'val'}: &${name}) -> RpcResult<()>
                    where <W as ${core}::cbor::Write>::Error: std::fmt::Display
                {
                `;
  s += body;
  s += 'Ok(())\n}\n';
  return s;
}
