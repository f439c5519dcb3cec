import fc from 'fast-check';
import { base32Decode, base32Encode } from './base32';

describe('base32 (RFC 4648, no padding)', () => {
  it('matches the RFC 4648 test vectors without padding', () => {
    const vectors: [string, string][] = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(base32Encode(new TextEncoder().encode(plain))).toBe(encoded);
      expect(Buffer.from(base32Decode(encoded)!).toString()).toBe(plain);
    }
  });

  it('rejects lowercase, padding, impossible lengths and non-zero trailing bits', () => {
    expect(base32Decode('mzxw6')).toBeUndefined();
    expect(base32Decode('MY======')).toBeUndefined();
    expect(base32Decode('M')).toBeUndefined();
    expect(base32Decode('MZ')).toBeUndefined();
  });

  it('round-trips arbitrary bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(Buffer.from(base32Decode(base32Encode(bytes))!)).toEqual(Buffer.from(bytes));
      }),
    );
  });
});
