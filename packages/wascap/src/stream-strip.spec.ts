import fc from 'fast-check';
import { InvalidWasmError } from './errors';
import { stripClaimsStream } from './stream-strip';
import { customSection, stripClaims } from './wasm-sections';
import { concatBytes, ECHO_WAT, wat2wasm } from './test-support/wat';

async function* chunked(bytes: Uint8Array, sizes: number[]): AsyncGenerator<Uint8Array> {
  let pos = 0;
  let i = 0;
  while (pos < bytes.length) {
    const n = Math.max(1, sizes.length ? sizes[i++ % sizes.length] : bytes.length);
    yield bytes.subarray(pos, pos + n);
    pos += n;
  }
}

async function collect(bytes: Uint8Array, sizes: number[]): Promise<Buffer> {
  const out: Uint8Array[] = [];
  for await (const c of stripClaimsStream(chunked(bytes, sizes))) out.push(c);
  return Buffer.concat(out);
}

const COMPONENT_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

describe('stripClaimsStream', () => {
  const module = wat2wasm(ECHO_WAT);
  const signedLike = concatBytes(
    module.subarray(0, 8),
    customSection('jwt', new Uint8Array(30)),
    module.subarray(8),
    customSection('wasmcloud_jwt', new Uint8Array(100)),
    // A padded (non-minimal) size LEB on a custom section: must come out minimal.
    Uint8Array.from([0, 0x86, 0x80, 0x80, 0x00, 3, 0x61, 0x62, 0x63, 1, 2]),
  );
  const component = Uint8Array.from([...COMPONENT_HEADER, 1, ...encodeLen(signedLike.length), ...signedLike]);

  function encodeLen(n: number): number[] {
    const out: number[] = [];
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n) b |= 0x80;
      out.push(b);
    } while (n);
    return out;
  }

  it('produces exactly the in-memory strip for any chunking (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 6 }), fc.boolean(), async (sizes, useComponent) => {
        const input = useComponent ? component : signedLike;
        expect(await collect(input, sizes)).toEqual(Buffer.from(stripClaims(input)));
      }),
      { numRuns: 100 },
    );
  });

  it('fails with InvalidWasmError on every truncation and on non-wasm input', async () => {
    for (let len = 0; len < signedLike.length; len += 7) {
      const cut = signedLike.subarray(0, len);
      let inMemory: unknown;
      try {
        stripClaims(cut);
      } catch (e) {
        inMemory = e;
      }
      const streamed = await collect(cut, [5]).then(
        () => undefined,
        (e) => e,
      );
      expect(streamed === undefined).toBe(inMemory === undefined);
      if (streamed) expect(streamed).toBeInstanceOf(InvalidWasmError);
    }
    await expect(collect(new TextEncoder().encode('just text, definitely not wasm'), [])).rejects.toThrow(/magic/);
  });
});
