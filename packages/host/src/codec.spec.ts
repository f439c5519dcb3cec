import { decodePayload, encodeMsgpack, toJsonValue } from './codec';
import { HostUserError } from './errors';

describe('encodeMsgpack', () => {
  it('encodes JSON objects as msgpack named maps (fixmap, fixstr keys), as wash call sends --data', () => {
    // {"a":1} by the msgpack spec: fixmap of 1 (0x81), fixstr "a" (0xa1 0x61), positive fixint 1.
    expect(Array.from(encodeMsgpack({ a: 1 }))).toEqual([0x81, 0xa1, 0x61, 0x01]);
    expect(Array.from(encodeMsgpack('hi'))).toEqual([0xa2, 0x68, 0x69]);
  });
  it('leaves out undefined fields (optional members are absent, not nil)', () => {
    expect(Array.from(encodeMsgpack({ a: undefined, b: true }))).toEqual([0x81, 0xa1, 0x62, 0xc3]);
  });
});

describe('decodePayload (weld message_format sniffing)', () => {
  it('empty is undefined', () => {
    expect(decodePayload(new Uint8Array(0))).toBeUndefined();
  });
  it('0x7f: CBOR after the byte', () => {
    // CBOR: array(2) [text "ok", true]
    expect(decodePayload(new Uint8Array([0x7f, 0x82, 0x62, 0x6f, 0x6b, 0xf5]))).toEqual(['ok', true]);
  });
  it('0xc1: msgpack after the byte', () => {
    expect(decodePayload(new Uint8Array([0xc1, 0x92, 0x01, 0x02]))).toEqual([1, 2]);
  });
  it('anything else: legacy msgpack, including a single byte', () => {
    expect(decodePayload(new Uint8Array([0x81, 0xa1, 0x61, 0xc2]))).toEqual({ a: false });
    expect(decodePayload(new Uint8Array([0x05]))).toBe(5);
  });
  it('malformed bytes: one-line HostUserError naming the format', () => {
    expect(() => decodePayload(new Uint8Array([0x92, 0x01]))).toThrow(HostUserError);
    expect(() => decodePayload(new Uint8Array([0x7f, 0x82, 0x62]))).toThrow(/not valid CBOR/);
  });
});

describe('toJsonValue', () => {
  it('bin that is UTF-8 becomes a string; otherwise base64; reports which', () => {
    expect(toJsonValue({ body: new TextEncoder().encode('héllo') })).toEqual({ json: { body: 'héllo' }, binaries: 'utf8' });
    expect(toJsonValue(new Uint8Array([0xff, 0x00]))).toEqual({ json: '/wA=', binaries: 'base64' });
    expect(toJsonValue([new Uint8Array([0x61]), new Uint8Array([0xff])]).binaries).toBe('mixed');
    expect(toJsonValue({ n: 1, s: 'x', l: [null] })).toEqual({ json: { n: 1, s: 'x', l: [null] }, binaries: 'none' });
  });
  it('Maps with string keys become objects; big integers stay exact', () => {
    expect(toJsonValue(new Map([['k', 1]])).json).toEqual({ k: 1 });
    expect(toJsonValue(2n ** 64n).json).toBe('18446744073709551616');
    expect(toJsonValue(5n).json).toBe(5);
  });
});
