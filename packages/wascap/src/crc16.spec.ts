import { crc16 } from './crc16';

describe('crc16 (XMODEM)', () => {
  it('gives the catalogued check value 0x31C3 for "123456789"', () => {
    // CRC-16/XMODEM check value from the CRC RevEng catalogue.
    expect(crc16(new TextEncoder().encode('123456789'))).toBe(0x31c3);
  });

  it('is 0 for no input', () => {
    expect(crc16(new Uint8Array(0))).toBe(0);
  });
});
