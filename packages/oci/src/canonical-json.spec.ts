import { canonicalJson } from './canonical-json';
import { sha256Digest } from './digest';

describe('canonicalJson', () => {
  it('sorts keys at every level and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 'x', y: null }], c: 'é' } })).toBe('{"a":{"c":"é","d":[1,{"y":null,"z":"x"}]},"b":1}');
  });

  it('orders keys by UTF-8 bytes as Rust BTreeMap does, not by UTF-16 units', () => {
    // UTF-16 puts U+1F600 (surrogate 0xD83D) before U+FF5E; UTF-8 puts U+FF5E (EF BD 9E) before U+1F600 (F0 9F 98 80).
    const text = canonicalJson({ '\u{1F600}': 1, '\uFF5E': 2 });
    expect(text).toBe('{"\uFF5E":2,"\u{1F600}":1}');
  });

  it('omits undefined members and refuses non-integers', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
    expect(() => canonicalJson({ a: 1.5 })).toThrow(/integers only/);
  });

  it('gives the digest of the empty config `{}` that wash pushes', () => {
    expect(sha256Digest(canonicalJson({}))).toBe('sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });
});
