import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { InvalidWasmError } from './errors';
import { customSection, findClaimsSection, parseWasm, stripClaims } from './wasm-sections';
import { concatBytes, ECHO_WAT, wat2wasm } from './test-support/wat';

/** A reference model of a wasm binary, encoded independently of the code under test. */
type Sec =
  | { kind: 'custom'; name: string; data: Uint8Array; pad: number; namePad: number }
  | { kind: 'raw'; id: number; data: Uint8Array; pad: number }
  | { kind: 'nested'; id: 1 | 4; bin: Bin; pad: number };
interface Bin {
  component: boolean;
  sections: Sec[];
}

const MODULE_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const COMPONENT_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

/** uleb with `pad` extra continuation bytes (non-minimal but valid, <= 5 bytes total). */
function leb(n: number, pad = 0): number[] {
  const out: number[] = [];
  do {
    out.push(n & 0x7f);
    n >>>= 7;
  } while (n > 0);
  while (out.length < Math.min(5, out.length + pad)) out.push(0);
  return out.map((b, i) => (i < out.length - 1 ? b | 0x80 : b));
}

function encode(bin: Bin, minimal: boolean, dropClaims: boolean): Uint8Array {
  const parts: number[] = [...(bin.component ? COMPONENT_HEADER : MODULE_HEADER)];
  for (const s of bin.sections) {
    const pad = minimal ? 0 : s.pad;
    if (s.kind === 'custom') {
      if (dropClaims && (s.name === 'jwt' || s.name === 'wasmcloud_jwt')) continue;
      const name = [...Buffer.from(s.name)];
      // The name LEB is section content, so wascap keeps it as found even when stripping.
      const content = [...leb(name.length, s.namePad), ...name, ...s.data];
      parts.push(0, ...leb(content.length, pad), ...content);
    } else if (s.kind === 'raw') {
      parts.push(s.id, ...leb(s.data.length, pad), ...s.data);
    } else {
      const inner = encode(s.bin, minimal, dropClaims);
      parts.push(s.id, ...leb(inner.length, pad), ...inner);
    }
  }
  return Uint8Array.from(parts);
}

const customName = fc.constantFrom('jwt', 'wasmcloud_jwt', 'name', 'producers', 'jwt2', 'wasmcloud', 'é');
const customSec = fc.record({
  kind: fc.constant('custom' as const),
  name: customName,
  data: fc.uint8Array({ maxLength: 40 }),
  pad: fc.integer({ min: 0, max: 4 }),
  namePad: fc.integer({ min: 0, max: 3 }),
});
const rawSec = (maxId: number) =>
  fc.record({
    kind: fc.constant('raw' as const),
    id: fc.integer({ min: 1, max: maxId }).filter((id) => (id !== 1 && id !== 4) || maxId === 13),
    data: fc.uint8Array({ maxLength: 300 }),
    pad: fc.integer({ min: 0, max: 4 }),
  });
const moduleArb: fc.Arbitrary<Bin> = fc.record({ component: fc.constant(false), sections: fc.array(fc.oneof(customSec, rawSec(13)), { maxLength: 8 }) });
const { component: componentArb } = fc.letrec<{ component: Bin }>((tie) => ({
  component: fc.record({
    component: fc.constant(true),
    sections: fc.array(
      fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        customSec,
        rawSec(11),
        fc.record({ kind: fc.constant('nested' as const), id: fc.constant(1 as const), bin: moduleArb, pad: fc.integer({ min: 0, max: 4 }) }),
        fc.record({
          kind: fc.constant('nested' as const),
          id: fc.constant(4 as const),
          bin: tie('component') as fc.Arbitrary<Bin>,
          pad: fc.integer({ min: 0, max: 4 }),
        }),
      ),
      { maxLength: 6 },
    ),
  }),
}));

function expectedClaims(bin: Bin, depth = 0): { name: string; data: Uint8Array } | undefined {
  for (const s of bin.sections) {
    if (s.kind === 'nested') {
      const found = expectedClaims(s.bin, depth + 1);
      if (found) return found;
    } else if (s.kind === 'custom' && (s.name === 'jwt' || (s.name === 'wasmcloud_jwt' && depth === 0))) {
      return { name: s.name, data: s.data };
    }
  }
  return undefined;
}

describe('stripClaims (wascap strip_custom_section)', () => {
  it('removes claims sections at any depth and re-emits minimal LEBs (property over layouts and paddings)', () => {
    fc.assert(
      fc.property(fc.oneof(moduleArb, componentArb), (bin) => {
        const input = encode(bin, false, false);
        expect(Buffer.from(stripClaims(input))).toEqual(Buffer.from(encode(bin, true, true)));
      }),
      { numRuns: 300 },
    );
  });

  it('picks the section wascap extract_claims would (jwt at any depth, wasmcloud_jwt only at the top)', () => {
    fc.assert(
      fc.property(fc.oneof(moduleArb, componentArb), (bin) => {
        const found = findClaimsSection(encode(bin, false, false));
        const expected = expectedClaims(bin);
        expect(found && { name: found.name, data: Buffer.from(found.data) }).toEqual(expected && { name: expected.name, data: Buffer.from(expected.data) });
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent and leaves a toolchain-built module unchanged', () => {
    const wasm = wat2wasm(ECHO_WAT);
    expect(Buffer.from(stripClaims(wasm))).toEqual(Buffer.from(wasm));
    const parsed = parseWasm(wasm);
    expect(parsed.encoding).toBe('module');
    expect(parsed.sections.find((s) => s.id === 0)?.name).toBe('name');
    const signedLike = concatBytes(wasm, customSection('wasmcloud_jwt', new TextEncoder().encode('a.b.c')));
    expect(Buffer.from(stripClaims(signedLike))).toEqual(Buffer.from(wasm));
    expect(Buffer.from(stripClaims(stripClaims(signedLike)))).toEqual(Buffer.from(wasm));
  });

  it('rebuilds a nested module whose size shrinks when its jwt is dropped', () => {
    const inner = concatBytes(wat2wasm(ECHO_WAT), customSection('jwt', new Uint8Array(200)));
    const component = Uint8Array.from([...COMPONENT_HEADER, 1, ...leb(inner.length), ...inner]);
    const stripped = stripClaims(component);
    const innerStripped = stripClaims(inner);
    expect(Buffer.from(stripped)).toEqual(Buffer.from([...COMPONENT_HEADER, 1, ...leb(innerStripped.length), ...innerStripped]));
    expect(findClaimsSection(component)?.depth).toBe(1);
  });
});

describe('customSection (wasm_gen::write_custom_section)', () => {
  it('writes 0x00, uleb(size), uleb(len(name)), name, data with minimal LEBs', () => {
    const data = new Uint8Array(590 - 3 - 14);
    const sec = customSection('wasmcloud_jwt', data);
    // kv_demo_s.wasm (wasmCloud/examples): a 587-byte payload gives `00 cb04 0d "wasmcloud_jwt"`.
    expect([...sec.subarray(0, 4)]).toEqual([0x00, 0xcb, 0x04, 0x0d]);
    expect(Buffer.from(sec.subarray(4, 17)).toString()).toBe('wasmcloud_jwt');
    expect(sec.length).toBe(590);
  });
});

describe('parseWasm errors are typed, never crashes', () => {
  const wasm = () => wat2wasm(ECHO_WAT);

  it('rejects non-wasm input, bad versions and short files', () => {
    expect(() => parseWasm(new TextEncoder().encode('#!/bin/sh\necho not wasm\n'))).toThrow(/magic/);
    expect(() => parseWasm(new Uint8Array(0))).toThrow(/shorter than the 8-byte header/);
    expect(() => parseWasm(Uint8Array.from([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]))).toThrow(/unsupported wasm version 2/);
  });

  it('rejects every truncation of a real module with InvalidWasmError', () => {
    const bytes = wasm();
    for (let len = 0; len < bytes.length; len++) {
      const cut = bytes.subarray(0, len);
      let ok = false;
      try {
        parseWasm(cut);
        ok = true;
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidWasmError);
      }
      // Only cuts on a section boundary still parse (as a shorter, valid layout).
      if (ok) expect(len === 8 || parseWasm(bytes).sections.some((s) => s.end === len)).toBe(true);
    }
  });

  it('never throws anything but InvalidWasmError on random bytes after a valid header (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (tail, component) => {
        const input = Uint8Array.from([...(component ? COMPONENT_HEADER : MODULE_HEADER), ...tail]);
        try {
          stripClaims(input);
          findClaimsSection(input);
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidWasmError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('rejects unknown section ids and custom names that overrun their section', () => {
    expect(() => parseWasm(Uint8Array.from([...MODULE_HEADER, 14, 0]))).toThrow(/unknown module section id 14/);
    expect(() => parseWasm(Uint8Array.from([...MODULE_HEADER, 0, 2, 5, 0x61]))).toThrow(/name .* runs past/);
    expect(() => parseWasm(Uint8Array.from([...MODULE_HEADER, 0, 2, 1, 0xff]))).toThrow(/not UTF-8/);
  });

  it('hash of the strip equals sha256 of the unsigned module', () => {
    const bytes = wasm();
    const signedLike = concatBytes(bytes, customSection('jwt', new Uint8Array(10)));
    expect(createHash('sha256').update(stripClaims(signedLike)).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
