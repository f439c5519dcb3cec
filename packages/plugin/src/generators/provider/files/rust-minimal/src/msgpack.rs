//! Just enough MessagePack for the lattice envelopes (Invocation, InvocationResponse,
//! LinkDefinition, health): a provider built without crates cannot use rmp-serde.

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Nil,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    Bin(Vec<u8>),
    Array(Vec<Value>),
    Map(Vec<(Value, Value)>),
}

impl Value {
    /// The value under a string key of a map.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| matches!(k, Value::Str(s) if s == key)).map(|(_, v)| v),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    /// Bytes of a bin (or, leniently, a str).
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::Bin(b) => Some(b),
            Value::Str(s) => Some(s.as_bytes()),
            _ => None,
        }
    }
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::UInt(n) => Some(*n),
            Value::Int(n) if *n >= 0 => Some(*n as u64),
            _ => None,
        }
    }
}

/// Deepest nesting accepted: a hostile message cannot exhaust the stack.
const MAX_DEPTH: usize = 32;

pub fn decode(bytes: &[u8]) -> Result<Value, String> {
    let mut pos = 0;
    let v = read(bytes, &mut pos, 0)?;
    if pos != bytes.len() {
        return Err(format!("{} bytes after the value", bytes.len() - pos));
    }
    Ok(v)
}

fn take<'a>(b: &'a [u8], pos: &mut usize, n: usize) -> Result<&'a [u8], String> {
    let end = pos.checked_add(n).filter(|&e| e <= b.len()).ok_or("truncated msgpack")?;
    let s = &b[*pos..end];
    *pos = end;
    Ok(s)
}

fn be(b: &[u8], pos: &mut usize, n: usize) -> Result<u64, String> {
    Ok(take(b, pos, n)?.iter().fold(0u64, |acc, &x| (acc << 8) | u64::from(x)))
}

fn read(b: &[u8], pos: &mut usize, depth: usize) -> Result<Value, String> {
    if depth > MAX_DEPTH {
        return Err("msgpack nested too deeply".into());
    }
    let t = take(b, pos, 1)?[0];
    let v = match t {
        0x00..=0x7f => Value::UInt(u64::from(t)),
        0x80..=0x8f => map(b, pos, usize::from(t & 0x0f), depth)?,
        0x90..=0x9f => array(b, pos, usize::from(t & 0x0f), depth)?,
        0xa0..=0xbf => string(b, pos, usize::from(t & 0x1f))?,
        0xc0 => Value::Nil,
        0xc2 => Value::Bool(false),
        0xc3 => Value::Bool(true),
        0xc4..=0xc6 => {
            let n = be(b, pos, 1 << (t - 0xc4))? as usize;
            Value::Bin(take(b, pos, n)?.to_vec())
        }
        0xca => Value::Float(f64::from(f32::from_bits(be(b, pos, 4)? as u32))),
        0xcb => Value::Float(f64::from_bits(be(b, pos, 8)?)),
        0xcc..=0xcf => Value::UInt(be(b, pos, 1 << (t - 0xcc))?),
        0xd0 => Value::Int(i64::from(be(b, pos, 1)? as u8 as i8)),
        0xd1 => Value::Int(i64::from(be(b, pos, 2)? as u16 as i16)),
        0xd2 => Value::Int(i64::from(be(b, pos, 4)? as u32 as i32)),
        0xd3 => Value::Int(be(b, pos, 8)? as i64),
        0xd9..=0xdb => {
            let n = be(b, pos, 1 << (t - 0xd9))? as usize;
            string(b, pos, n)?
        }
        0xdc | 0xdd => {
            let n = be(b, pos, if t == 0xdc { 2 } else { 4 })? as usize;
            array(b, pos, n, depth)?
        }
        0xde | 0xdf => {
            let n = be(b, pos, if t == 0xde { 2 } else { 4 })? as usize;
            map(b, pos, n, depth)?
        }
        0xe0..=0xff => Value::Int(i64::from(t as i8)),
        _ => return Err(format!("unsupported msgpack type 0x{:02x}", t)),
    };
    Ok(v)
}

fn string(b: &[u8], pos: &mut usize, n: usize) -> Result<Value, String> {
    let s = take(b, pos, n)?;
    String::from_utf8(s.to_vec()).map(Value::Str).map_err(|_| "msgpack str is not UTF-8".to_string())
}

fn array(b: &[u8], pos: &mut usize, n: usize, depth: usize) -> Result<Value, String> {
    // Each element takes at least one byte: a count beyond what is left is a lie.
    if n > b.len() - *pos {
        return Err("truncated msgpack".into());
    }
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(read(b, pos, depth + 1)?);
    }
    Ok(Value::Array(out))
}

fn map(b: &[u8], pos: &mut usize, n: usize, depth: usize) -> Result<Value, String> {
    if n > (b.len() - *pos) / 2 {
        return Err("truncated msgpack".into());
    }
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let k = read(b, pos, depth + 1)?;
        let v = read(b, pos, depth + 1)?;
        out.push((k, v));
    }
    Ok(Value::Map(out))
}

pub fn encode(v: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    write(&mut out, v);
    out
}

/// A length header: the fix form below `small_max` (none when it is usize::MAX), else 8/16/32 bits.
fn head(out: &mut Vec<u8>, small: u8, small_max: usize, codes: [u8; 3], n: usize) {
    if small_max != usize::MAX && n <= small_max {
        out.push(small | n as u8);
    } else if codes[0] != 0 && n <= 0xff {
        out.extend_from_slice(&[codes[0], n as u8]);
    } else if n <= 0xffff {
        out.push(codes[1]);
        out.extend_from_slice(&(n as u16).to_be_bytes());
    } else {
        out.push(codes[2]);
        out.extend_from_slice(&(n as u32).to_be_bytes());
    }
}

fn write(out: &mut Vec<u8>, v: &Value) {
    match v {
        Value::Nil => out.push(0xc0),
        Value::Bool(b) => out.push(if *b { 0xc3 } else { 0xc2 }),
        Value::UInt(n) => write_uint(out, *n),
        Value::Int(n) if *n >= 0 => write_uint(out, *n as u64),
        Value::Int(n) if *n >= -32 => out.push(*n as i8 as u8),
        Value::Int(n) => {
            out.push(0xd3);
            out.extend_from_slice(&n.to_be_bytes());
        }
        Value::Float(f) => {
            out.push(0xcb);
            out.extend_from_slice(&f.to_bits().to_be_bytes());
        }
        Value::Str(s) => {
            head(out, 0xa0, 31, [0xd9, 0xda, 0xdb], s.len());
            out.extend_from_slice(s.as_bytes());
        }
        Value::Bin(bytes) => {
            // bin has no fix form; head() is given no small range, so 0xc4 covers 0..=255.
            head(out, 0xc4, usize::MAX, [0xc4, 0xc5, 0xc6], bytes.len());
            out.extend_from_slice(bytes);
        }
        Value::Array(items) => {
            head(out, 0x90, 15, [0, 0xdc, 0xdd], items.len());
            items.iter().for_each(|i| write(out, i));
        }
        Value::Map(entries) => {
            head(out, 0x80, 15, [0, 0xde, 0xdf], entries.len());
            for (k, v) in entries {
                write(out, k);
                write(out, v);
            }
        }
    }
}

fn write_uint(out: &mut Vec<u8>, n: u64) {
    if n < 0x80 {
        out.push(n as u8);
    } else if n <= 0xff {
        out.extend_from_slice(&[0xcc, n as u8]);
    } else if n <= 0xffff {
        out.push(0xcd);
        out.extend_from_slice(&(n as u16).to_be_bytes());
    } else if n <= 0xffff_ffff {
        out.push(0xce);
        out.extend_from_slice(&(n as u32).to_be_bytes());
    } else {
        out.push(0xcf);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

/// A map with string keys, in the given order (rmp-serde's named maps).
pub fn named(entries: Vec<(&str, Value)>) -> Value {
    Value::Map(entries.into_iter().map(|(k, v)| (Value::Str(k.to_string()), v)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_envelope_values() {
        let v = named(vec![
            ("msg", Value::Bin(vec![1, 2, 3])),
            ("empty", Value::Bin(vec![])),
            ("id", Value::Str("x".repeat(40))),
            ("n", Value::UInt(70_000)),
            ("neg", Value::Int(-5)),
            ("big", Value::Int(-70_000)),
            ("ok", Value::Bool(true)),
            ("list", Value::Array(vec![Value::Nil, Value::UInt(300)])),
        ]);
        let bytes = encode(&v);
        assert_eq!(decode(&bytes).unwrap(), v);
        assert_eq!(decode(&bytes).unwrap().get("n").and_then(Value::as_u64), Some(70_000));
    }

    #[test]
    fn matches_known_bytes() {
        // {"healthy": true} as rmp-serde writes it.
        assert_eq!(encode(&named(vec![("healthy", Value::Bool(true))])), b"\x81\xa7healthy\xc3");
        assert_eq!(encode(&Value::Bin(vec![])), vec![0xc4, 0]);
        assert_eq!(encode(&Value::UInt(120)), vec![120]);
        assert_eq!(encode(&Value::UInt(2_432_902_008_176_640_000)), vec![0xcf, 0x21, 0xc3, 0x67, 0x7c, 0x82, 0xb4, 0x00, 0x00]);
    }

    #[test]
    fn refuses_truncated_and_lying_input() {
        assert!(decode(&[0xc4, 5, 1]).is_err());
        assert!(decode(&[0xdd, 0xff, 0xff, 0xff, 0xff]).is_err());
        assert!(decode(&[0x91; 100]).is_err());
        assert!(decode(&[0xc1]).is_err());
    }
}
