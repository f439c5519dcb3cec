//! The few msgpack encodings the actor needs (msgpack spec, "formats"): writers for the replies,
//! and a small reader for the requests and for checking replies in tests.

pub fn map_header(out: &mut Vec<u8>, len: usize) {
    if len < 16 {
        out.push(0x80 | len as u8);
    } else if len < 65536 {
        out.push(0xde);
        out.extend_from_slice(&(len as u16).to_be_bytes());
    } else {
        out.push(0xdf);
        out.extend_from_slice(&(len as u32).to_be_bytes());
    }
}

pub fn array_header(out: &mut Vec<u8>, len: usize) {
    if len < 16 {
        out.push(0x90 | len as u8);
    } else if len < 65536 {
        out.push(0xdc);
        out.extend_from_slice(&(len as u16).to_be_bytes());
    } else {
        out.push(0xdd);
        out.extend_from_slice(&(len as u32).to_be_bytes());
    }
}

pub fn str(out: &mut Vec<u8>, s: &str) {
    let len = s.len();
    if len < 32 {
        out.push(0xa0 | len as u8);
    } else if len < 256 {
        out.push(0xd9);
        out.push(len as u8);
    } else if len < 65536 {
        out.push(0xda);
        out.extend_from_slice(&(len as u16).to_be_bytes());
    } else {
        out.push(0xdb);
        out.extend_from_slice(&(len as u32).to_be_bytes());
    }
    out.extend_from_slice(s.as_bytes());
}

pub fn uint(out: &mut Vec<u8>, n: u64) {
    if n < 128 {
        out.push(n as u8);
    } else if n < 256 {
        out.push(0xcc);
        out.push(n as u8);
    } else if n < 65536 {
        out.push(0xcd);
        out.extend_from_slice(&(n as u16).to_be_bytes());
    } else {
        out.push(0xcf);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

pub fn bool(out: &mut Vec<u8>, b: bool) {
    out.push(if b { 0xc3 } else { 0xc2 });
}

pub fn bin(out: &mut Vec<u8>, b: &[u8]) {
    if b.len() < 256 {
        out.push(0xc4);
        out.push(b.len() as u8);
    } else if b.len() < 65536 {
        out.push(0xc5);
        out.extend_from_slice(&(b.len() as u16).to_be_bytes());
    } else {
        out.push(0xc6);
        out.extend_from_slice(&(b.len() as u32).to_be_bytes());
    }
    out.extend_from_slice(b);
}

/// A msgpack value, as far as this actor needs to tell them apart.
#[derive(Debug, PartialEq)]
pub enum Value {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Bin(Vec<u8>),
    Array(Vec<Value>),
    Map(Vec<(Value, Value)>),
}

impl Value {
    /// The value of `key` in a map with string keys.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| matches!(k, Value::Str(s) if s == key)).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Decodes one msgpack value that fills `bytes` exactly.
pub fn decode(bytes: &[u8]) -> Result<Value, String> {
    let mut reader = Reader { bytes, pos: 0, depth: 0 };
    let value = reader.value()?;
    if reader.pos != bytes.len() {
        return Err(format!("{} bytes left after the msgpack value", bytes.len() - reader.pos));
    }
    Ok(value)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or("msgpack ends early")?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn be(&mut self, n: usize) -> Result<u64, String> {
        Ok(self.take(n)?.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    fn value(&mut self) -> Result<Value, String> {
        // Nesting is bounded so a hostile payload cannot exhaust the stack.
        if self.depth > 64 {
            return Err("msgpack nested too deeply".into());
        }
        let tag = self.take(1)?[0];
        Ok(match tag {
            0x00..=0x7f => Value::Int(i64::from(tag)),
            0x80..=0x8f => self.map(usize::from(tag & 0x0f))?,
            0x90..=0x9f => self.array(usize::from(tag & 0x0f))?,
            0xa0..=0xbf => self.string(usize::from(tag & 0x1f))?,
            0xc0 => Value::Nil,
            0xc2 => Value::Bool(false),
            0xc3 => Value::Bool(true),
            0xc4 | 0xc5 | 0xc6 => {
                let n = self.be(1 << (tag - 0xc4))? as usize;
                Value::Bin(self.take(n)?.to_vec())
            }
            0xca => Value::Float(f64::from(f32::from_bits(self.be(4)? as u32))),
            0xcb => Value::Float(f64::from_bits(self.be(8)?)),
            0xcc..=0xcf => {
                let n = self.be(1 << (tag - 0xcc))?;
                Value::Int(i64::try_from(n).map_err(|_| "msgpack integer out of range")?)
            }
            0xd0 => Value::Int(i64::from(self.be(1)? as u8 as i8)),
            0xd1 => Value::Int(i64::from(self.be(2)? as u16 as i16)),
            0xd2 => Value::Int(i64::from(self.be(4)? as u32 as i32)),
            0xd3 => Value::Int(self.be(8)? as i64),
            0xd9 | 0xda | 0xdb => {
                let n = self.be(1 << (tag - 0xd9))? as usize;
                self.string(n)?
            }
            0xdc | 0xdd => {
                let n = self.be(2 << (tag - 0xdc))? as usize;
                self.array(n)?
            }
            0xde | 0xdf => {
                let n = self.be(2 << (tag - 0xde))? as usize;
                self.map(n)?
            }
            0xe0..=0xff => Value::Int(i64::from(tag as i8)),
            other => return Err(format!("msgpack type 0x{:02x} is not supported", other)),
        })
    }

    fn string(&mut self, n: usize) -> Result<Value, String> {
        let raw = self.take(n)?;
        Ok(Value::Str(std::str::from_utf8(raw).map_err(|_| "msgpack string is not UTF-8")?.to_string()))
    }

    fn array(&mut self, n: usize) -> Result<Value, String> {
        self.depth += 1;
        // Each element takes at least one byte: a count beyond the input is refused before allocating.
        let mut items = Vec::with_capacity(n.min(self.bytes.len() - self.pos));
        for _ in 0..n {
            items.push(self.value()?);
        }
        self.depth -= 1;
        Ok(Value::Array(items))
    }

    fn map(&mut self, n: usize) -> Result<Value, String> {
        self.depth += 1;
        let mut entries = Vec::with_capacity(n.min(self.bytes.len() - self.pos));
        for _ in 0..n {
            let key = self.value()?;
            let value = self.value()?;
            entries.push((key, value));
        }
        self.depth -= 1;
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_it_writes() {
        let mut out = Vec::new();
        map_header(&mut out, 3);
        str(&mut out, "patterns");
        array_header(&mut out, 1);
        str(&mut out, ".*");
        str(&mut out, "n");
        uint(&mut out, 300);
        str(&mut out, "b");
        bin(&mut out, b"xy");
        let v = decode(&out).unwrap();
        assert_eq!(v.get("patterns"), Some(&Value::Array(vec![Value::Str(".*".into())])));
        assert_eq!(v.get("n"), Some(&Value::Int(300)));
        assert_eq!(v.get("b"), Some(&Value::Bin(b"xy".to_vec())));
    }

    #[test]
    fn refuses_truncated_input() {
        assert!(decode(&[0x92, 0x01]).is_err());
        assert!(decode(&[0xdd, 0xff, 0xff, 0xff, 0xff]).is_err());
    }
}
