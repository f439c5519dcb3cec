import fc from 'fast-check';
import { InvalidWasmError } from './errors';
import { encodeUleb, readUleb32 } from './leb128';

describe('LEB128', () => {
  it('encodes minimally (wasm spec examples)', () => {
    expect([...encodeUleb(0)]).toEqual([0]);
    expect([...encodeUleb(127)]).toEqual([0x7f]);
    expect([...encodeUleb(128)]).toEqual([0x80, 0x01]);
    expect([...encodeUleb(624485)]).toEqual([0xe5, 0x8e, 0x26]);
    expect([...encodeUleb(0xffffffff)]).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
  });

  it('reads padded (non-minimal) encodings to the same value', () => {
    expect(readUleb32(Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x00), 0, 'x')).toEqual({ value: 0, next: 5 });
    expect(readUleb32(Uint8Array.of(0x85, 0x80, 0x00), 0, 'x')).toEqual({ value: 5, next: 3 });
  });

  it('rejects truncated, over-long and out-of-range u32 encodings', () => {
    expect(() => readUleb32(Uint8Array.of(0x80, 0x80), 0, 'size')).toThrow(InvalidWasmError);
    expect(() => readUleb32(Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x80, 0x00), 0, 'size')).toThrow(/longer than 5 bytes|not a valid/);
    expect(() => readUleb32(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x1f), 0, 'size')).toThrow(/not a valid u32/);
  });

  it('round-trips every u32 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const enc = encodeUleb(n);
        expect(readUleb32(enc, 0, 'n')).toEqual({ value: n, next: enc.length });
        expect(enc.length).toBe(Math.max(1, Math.ceil(Math.log2(n + 1) / 7)));
      }),
    );
  });
});
