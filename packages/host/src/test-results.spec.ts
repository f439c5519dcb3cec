import { decodeTestResults, encodeTestOptions } from './test-results';
import { HostUserError } from './errors';

const ascii = (s: string) => Array.from(Buffer.from(s));
const SNAP = '{"error":"expected 2"}';

describe('decodeTestResults', () => {
  it('CBOR 0x7f + arrays [name, passed, snapData|null] (wasmcloud-interface-testing >= 0.5), hand-encoded per RFC 8949', () => {
    const bytes = new Uint8Array([
      0x7f,
      0x82,
      0x83,
      0x64,
      ...ascii('adds'),
      0xf5,
      0xf6,
      0x83,
      0x65,
      ...ascii('fails'),
      0xf4,
      0x40 | SNAP.length,
      ...ascii(SNAP),
    ]);
    expect(decodeTestResults(bytes)).toEqual([
      { name: 'adds', passed: true },
      { name: 'fails', passed: false, snapData: { error: 'expected 2' }, error: 'expected 2' },
    ]);
  });
  it('msgpack [{name, passed, snapData?}] (<= 0.4), hand-encoded per the msgpack spec', () => {
    const bytes = new Uint8Array([
      0x92,
      0x82,
      0xa4,
      ...ascii('name'),
      0xa4,
      ...ascii('adds'),
      0xa6,
      ...ascii('passed'),
      0xc3,
      0x83,
      0xa4,
      ...ascii('name'),
      0xa5,
      ...ascii('fails'),
      0xa6,
      ...ascii('passed'),
      0xc2,
      0xa8,
      ...ascii('snapData'),
      0xc4,
      SNAP.length,
      ...ascii(SNAP),
    ]);
    expect(decodeTestResults(bytes)).toEqual([
      { name: 'adds', passed: true },
      { name: 'fails', passed: false, snapData: { error: 'expected 2' }, error: 'expected 2' },
    ]);
  });
  it('a passing test with data keeps it', () => {
    const snap = '{"data":42}';
    const bytes = new Uint8Array([0x7f, 0x81, 0x83, 0x61, ...ascii('t'), 0xf5, 0x40 | snap.length, ...ascii(snap)]);
    expect(decodeTestResults(bytes)).toEqual([{ name: 't', passed: true, snapData: { data: 42 } }]);
  });
  it('refuses a reply that is not a list of results, in one line', () => {
    expect(() => decodeTestResults(new Uint8Array([0xa2, 0x68, 0x69]))).toThrow(HostUserError);
    expect(() => decodeTestResults(new Uint8Array([0x91, 0x01]))).toThrow(/entry 0/);
  });
});

describe('encodeTestOptions', () => {
  it('msgpack of the test-options.json shape, patterns default [".*"]', () => {
    expect(Array.from(encodeTestOptions())).toEqual([0x82, 0xa8, ...ascii('patterns'), 0x91, 0xa2, ...ascii('.*'), 0xa7, ...ascii('options'), 0x80]);
    expect(Array.from(encodeTestOptions({ patterns: ['a'], options: { k: 'v' } }))).toEqual([
      0x82,
      0xa8,
      ...ascii('patterns'),
      0x91,
      0xa1,
      0x61,
      0xa7,
      ...ascii('options'),
      0x81,
      0xa1,
      0x6b,
      0xa1,
      0x76,
    ]);
  });
});
