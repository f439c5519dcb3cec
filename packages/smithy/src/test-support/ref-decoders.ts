/**
 * Minimal reference decoders written from the MessagePack spec and RFC 8949, independent of
 * @msgpack/msgpack and cbor-x, so tests check generated encoders against the formats, not the libraries.
 */
export type RefValue = null | boolean | number | string | Uint8Array | RefValue[] | Map<RefValue, RefValue> | { float32: number };

export function decodeMsgpack(buf: Uint8Array): RefValue {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 0;
  const text = (n: number) => {
    const s = new TextDecoder().decode(buf.subarray(pos, pos + n));
    pos += n;
    return s;
  };
  const bin = (n: number) => {
    const b = buf.slice(pos, pos + n);
    pos += n;
    return b;
  };
  const arr = (n: number): RefValue[] => Array.from({ length: n }, () => item());
  const map = (n: number) => {
    const m = new Map<RefValue, RefValue>();
    for (let i = 0; i < n; i++) m.set(item(), item());
    return m;
  };
  function item(): RefValue {
    const b = buf[pos++];
    if (b <= 0x7f) return b;
    if (b >= 0xe0) return b - 0x100;
    if ((b & 0xf0) === 0x80) return map(b & 0x0f);
    if ((b & 0xf0) === 0x90) return arr(b & 0x0f);
    if ((b & 0xe0) === 0xa0) return text(b & 0x1f);
    const u8 = () => view.getUint8(pos++);
    const u16 = () => ((pos += 2), view.getUint16(pos - 2));
    const u32 = () => ((pos += 4), view.getUint32(pos - 4));
    switch (b) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
        return bin(u8());
      case 0xc5:
        return bin(u16());
      case 0xc6:
        return bin(u32());
      case 0xca:
        return { float32: ((pos += 4), view.getFloat32(pos - 4)) };
      case 0xcb:
        return ((pos += 8), view.getFloat64(pos - 8));
      case 0xcc:
        return u8();
      case 0xcd:
        return u16();
      case 0xce:
        return u32();
      case 0xcf:
        return Number(((pos += 8), view.getBigUint64(pos - 8)));
      case 0xd0:
        return ((pos += 1), view.getInt8(pos - 1));
      case 0xd1:
        return ((pos += 2), view.getInt16(pos - 2));
      case 0xd2:
        return ((pos += 4), view.getInt32(pos - 4));
      case 0xd3:
        return Number(((pos += 8), view.getBigInt64(pos - 8)));
      case 0xd9:
        return text(u8());
      case 0xda:
        return text(u16());
      case 0xdb:
        return text(u32());
      case 0xdc:
        return arr(u16());
      case 0xdd:
        return arr(u32());
      case 0xde:
        return map(u16());
      case 0xdf:
        return map(u32());
      default:
        throw new Error(`msgpack byte 0x${b.toString(16)} not supported by the reference decoder`);
    }
  }
  const v = item();
  if (pos !== buf.length) throw new Error(`trailing bytes after msgpack value (${buf.length - pos})`);
  return v;
}

export function decodeCbor(buf: Uint8Array): RefValue {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 0;
  function arg(info: number): number {
    if (info < 24) return info;
    if (info === 24) return view.getUint8(pos++);
    if (info === 25) return ((pos += 2), view.getUint16(pos - 2));
    if (info === 26) return ((pos += 4), view.getUint32(pos - 4));
    if (info === 27) return Number(((pos += 8), view.getBigUint64(pos - 8)));
    throw new Error(`indefinite lengths are not used by wasmbus payloads (info ${info})`);
  }
  function item(): RefValue {
    const b = buf[pos++];
    const major = b >> 5;
    const info = b & 0x1f;
    switch (major) {
      case 0:
        return arg(info);
      case 1:
        return -1 - arg(info);
      case 2: {
        const n = arg(info);
        pos += n;
        return buf.slice(pos - n, pos);
      }
      case 3: {
        const n = arg(info);
        pos += n;
        return new TextDecoder().decode(buf.subarray(pos - n, pos));
      }
      case 4:
        return Array.from({ length: arg(info) }, () => item());
      case 5: {
        const n = arg(info);
        const m = new Map<RefValue, RefValue>();
        for (let i = 0; i < n; i++) m.set(item(), item());
        return m;
      }
      case 6:
        throw new Error(`CBOR tag ${arg(info)} is not expected in a wasmbus payload`);
      default:
        if (info === 20) return false;
        if (info === 21) return true;
        if (info === 22) return null;
        if (info === 26) return { float32: ((pos += 4), view.getFloat32(pos - 4)) };
        if (info === 27) return ((pos += 8), view.getFloat64(pos - 8));
        throw new Error(`CBOR simple/float info ${info} not supported by the reference decoder`);
    }
  }
  const v = item();
  if (pos !== buf.length) throw new Error(`trailing bytes after CBOR value (${buf.length - pos})`);
  return v;
}
