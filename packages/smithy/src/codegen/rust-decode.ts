import { ShapeAst } from '../ast';
import { SmithyError } from '../errors';
import { toPascalCase, toSnakeCase } from '../inflector';
import { namespaceOf, shapeName } from '../model';
import { sortedFields, UNIT } from '../wasmcloud';
import type { RustGen } from './rust';
import { isOptional, isRustPrimitive } from './rust';

const D = {
  blob: 'd.bytes()?.to_vec()',
  boolean: 'd.bool()?',
  string: 'd.str()?.to_string()',
  byte: 'd.i8()?',
  ubyte: 'd.u8()?',
  short: 'd.i16()?',
  ushort: 'd.u16()?',
  integer: 'd.i32()?',
  uinteger: 'd.u32()?',
  long: 'd.i64()?',
  ulong: 'd.u64()?',
  float: 'd.f32()?',
  double: 'd.f64()?',
  timestamp: 'wasmbus_rpc::Timestamp{ sec: d.i64()?, nsec: d.u32()? }',
  document: 'wasmbus_rpc::common::decode_document(d)?',
  unit: 'd.null()?',
};

const PRELUDE_DEC: Record<string, string> = {
  Blob: D.blob,
  Boolean: D.boolean,
  PrimitiveBoolean: D.boolean,
  String: D.string,
  Byte: D.byte,
  PrimitiveByte: D.byte,
  Short: D.short,
  PrimitiveShort: D.short,
  Integer: D.integer,
  PrimitiveInteger: D.integer,
  Long: D.long,
  PrimitiveLong: D.long,
  Float: D.float,
  PrimitiveFloat: D.float,
  Double: D.double,
  PrimitiveDouble: D.double,
  Timestamp: D.timestamp,
  Document: D.document,
};
const MODEL_DEC: Record<string, string> = {
  U64: D.ulong,
  U32: D.uinteger,
  U16: D.ushort,
  U8: D.ubyte,
  I64: D.long,
  I32: D.integer,
  I16: D.short,
  I8: D.byte,
  F64: D.double,
  F32: D.float,
};
const SIMPLE_DEC: Record<string, string> = {
  blob: D.blob,
  boolean: D.boolean,
  string: D.string,
  enum: D.string,
  byte: D.byte,
  short: D.short,
  integer: D.integer,
  intEnum: D.integer,
  long: D.long,
  float: D.float,
  double: D.double,
  timestamp: D.timestamp,
  document: D.document,
};

/** weld decode_shape_id: the expression that decodes a value of shape `id`. */
export function decodeShapeId(g: RustGen, id: string): string {
  const ns = namespaceOf(id);
  const name = shapeName(id);
  if (ns === 'smithy.api') {
    const e = PRELUDE_DEC[name];
    if (!e) throw new SmithyError(`unsupported type ${name}`);
    return e;
  }
  if (ns === 'org.wasmcloud.model') {
    return MODEL_DEC[name] ?? `${g.modelCrate()}decode_${toSnakeCase(name)}(d)?`;
  }
  return `${g.cratePath(id)}decode_${toSnakeCase(name)}(d).map_err(|e| format!("decoding '${id}': {}", e))?`;
}

function decodeShapeKind(g: RustGen, id: string, shape: ShapeAst): string {
  const simpleDec = SIMPLE_DEC[shape.type];
  if (simpleDec) return simpleDec;
  switch (shape.type) {
    case 'map':
      return `
                    {
                        let map_len = d.fixed_map()? as usize;
                        let mut m: std::collections::HashMap<${g.typeString(shape.key!.target)},${g.typeString(shape.value!.target)}> = std::collections::HashMap::with_capacity(map_len);
                        for _ in 0..map_len {
                            let k = ${decodeShapeId(g, shape.key!.target)};
                            let v = ${decodeShapeId(g, shape.value!.target)};
                            m.insert(k,v);
                        }
                        m
                    }
                    `;
    case 'list':
    case 'set': {
      const dec = decodeShapeId(g, shape.member!.target);
      const ty = g.typeString(shape.member!.target);
      return `
                    if let Some(n) = d.array()? {
                        let mut arr : Vec<${ty}> = Vec::with_capacity(n as usize);
                        for _ in 0..(n as usize) {
                            arr.push(${dec})
                        }
                        arr
                    } else {
                        // indefinite array
                        let mut arr : Vec<${ty}> = Vec::new();
                        loop {
                            match d.datatype() {
                                Err(_) => break,
                                Ok(${g.importCore}::cbor::Type::Break) => break,
                                Ok(_) => arr.push(${dec})
                            }
                        }
                        arr
                    }
                    `;
    }
    case 'structure':
      return id === UNIT ? D.unit : decodeStruct(g, id, shape);
    case 'union':
      return decodeUnion(g, id, shape);
    default:
      return '';
  }
}

function decodeUnion(g: RustGen, id: string, shape: ShapeAst): string {
  const { fields } = sortedFields(id, shape);
  const enumName = shapeName(id);
  let s = `
            // decoding union ${enumName}
            let len = d.fixed_array()?;
            if len != 2 { return Err(RpcError::Deser("decoding union '${enumName}': expected 2-array".to_string())); }
            match d.u16()? {
        `;
  for (const f of fields) {
    const variant = toPascalCase(f.name);
    if (f.member.target === UNIT) {
      s += `
                    ${f.num} => { 
                            ${D.unit};
                            ${enumName}::${variant}
                          },
                    `;
    } else {
      s += `
                    ${f.num} => {
                        let val = ${decodeShapeId(g, f.member.target)};
                        ${enumName}::${variant}(val)
                    },
                    `;
    }
  }
  s += `
            n => { return Err(RpcError::Deser(format!("invalid field number for union '${id}':{}", n))); },
            }\n`;
  return s;
}

function decodeStruct(g: RustGen, id: string, shape: ShapeAst): string {
  const { fields } = sortedFields(id, shape);
  const name = shapeName(id);
  const core = g.importCore;
  let s = '';
  for (const f of fields) {
    const fieldName = g.fieldName(f.name, f.member.traits, `${id}$${f.name}`);
    const fieldType = g.fieldType(f.member);
    s += isOptional(f.member) ? `let mut ${fieldName}: Option<${fieldType}> = Some(None);\n` : `let mut ${fieldName}: Option<${fieldType}> = None;\n`;
  }
  s += `
            let is_array = match d.datatype()? {
                ${core}::cbor::Type::Array => true,
                ${core}::cbor::Type::Map => false,
                _ => return Err(RpcError::Deser("decoding struct ${name}, expected array or map".to_string()))
            };
            if is_array {
                let len = d.fixed_array()?;
                for __i in 0..(len as usize) {
        `;
  s += fields.length
    ? `
                   match __i {
            `
    : `
                d.skip()?;
            `;
  fields.forEach((f, ix) => {
    const fieldName = g.fieldName(f.name, f.member.traits, `${id}$${f.name}`);
    const dec = decodeShapeId(g, f.member.target);
    if (isOptional(f.member)) {
      s += `${ix} => ${fieldName} = if ${core}::cbor::Type::Null == d.datatype()? {
                                        d.skip()?;
                                        Some(None)
                                    } else {
                                        Some(Some( ${dec} ))
                                    },
                   `;
    } else {
      s += `${ix} => ${fieldName} = Some(${dec}),`;
    }
  });
  if (fields.length) {
    s += `
                    _ => d.skip()?,
                    }
            `;
  }
  s += ` 
                }
            } else {
                let len = d.fixed_map()?;
                for __i in 0..(len as usize) {
            `;
  s += fields.length
    ? `
                match d.str()? {
                `
    : `
                    d.str()?; 
                    d.skip()?;
                    `;
  for (const f of fields) {
    const fieldName = g.fieldName(f.name, f.member.traits, `${id}$${f.name}`);
    const dec = decodeShapeId(g, f.member.target);
    if (isOptional(f.member)) {
      s += `"${f.name}" => ${fieldName} = if ${core}::cbor::Type::Null == d.datatype()? {
                                        d.skip()?;
                                        Some(None)
                                    } else {
                                        Some(Some( ${dec} ))
                                    },
                   `;
    } else {
      s += `"${f.name}" => ${fieldName} = Some(${dec}),`;
    }
  }
  if (fields.length) {
    s += `         _ => d.skip()?,
                    }
                    `;
  }
  s += `
                }
            }
            `;
  s += `${name} {\n`;
  fields.forEach((f, ix) => {
    const fieldName = g.fieldName(f.name, f.member.traits, `${id}$${f.name}`);
    if (isOptional(f.member)) {
      s += `${fieldName}: ${fieldName}.unwrap(),\n`;
    } else {
      s += `
                ${fieldName}: if let Some(__x) = ${fieldName} {
                    __x
                } else {
                    return Err(RpcError::Deser("missing field ${name}.${fieldName} (#${ix})".to_string()));
                },
                `;
    }
  });
  s += '}\n';
  return s;
}

/** weld declare_shape_decoder: `pub fn decode_<snake>(d) -> Result<T, RpcError>`. */
export function declareShapeDecoder(g: RustGen, id: string, shape: ShapeAst): string {
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
  let s = `
                // Decode ${name} from cbor input stream
                #[doc(hidden)] ${isRustPrimitive(id) ? '#[inline]' : ''}
                pub fn decode_${toSnakeCase(name)}(d: &mut ${g.importCore}::cbor::Decoder<'_>) -> Result<${g.typeName(name)},RpcError>
                {
                    let __result = { `;
  s += decodeShapeKind(g, id, shape);
  s += '};\n Ok(__result)\n}\n';
  return s;
}
