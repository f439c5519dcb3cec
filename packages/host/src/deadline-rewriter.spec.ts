import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEADLINE_REWRITER_WASM } from './deadline-rewriter-wasm';
import { rewriteCodeSection } from './deadline-rewriter';
import { rustActorModule, wat2wasm, watActorModule } from './test-support/fixtures';
import { FAMILIES } from './test-support/wat-actor';

/** The module's sections as [id, content]. */
function sections(wasm: Uint8Array): Array<[number, Uint8Array]> {
  const out: Array<[number, Uint8Array]> = [];
  let pos = 8;
  while (pos < wasm.length) {
    const id = wasm[pos++];
    const [size, at] = uleb(wasm, pos);
    out.push([id, wasm.subarray(at, at + size)]);
    pos = at + size;
  }
  return out;
}

function uleb(buf: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let scale = 1;
  for (;;) {
    const b = buf[pos++];
    result += (b & 0x7f) * scale;
    if (!(b & 0x80)) return [result, pos];
    scale *= 128;
  }
}

/** A code section's bodies, whatever LEB width their sizes were written with. */
function bodies(code: Uint8Array): number[][] {
  let [n, pos] = uleb(code, 0);
  const out: number[][] = [];
  for (; n > 0; n--) {
    const [size, at] = uleb(code, pos);
    out.push(Array.from(code.subarray(at, at + size)));
    pos = at + size;
  }
  expect(pos).toBe(code.length);
  return out;
}

/** instrumentDeadlines with the JavaScript rewriter only (the reference). */
function referenceInstrument(wasm: Uint8Array): Uint8Array | undefined {
  let result: Uint8Array | undefined;
  jest.isolateModules(() => {
    jest.doMock('./deadline-rewriter', () => ({ rewriteCodeSection: () => undefined }));
    result = (require('./deadline-instrument') as typeof import('./deadline-instrument')).instrumentDeadlines(wasm);
    jest.dontMock('./deadline-rewriter');
  });
  return result;
}

describe('deadline-rewriter (the instrumenter hot loop in wasm)', () => {
  it('embeds the bytes of deadline-rewriter.wat', () => {
    const wat = readFileSync(join(__dirname, 'deadline-rewriter.wat'), 'utf8');
    expect(Buffer.from(DEADLINE_REWRITER_WASM, 'base64').equals(Buffer.from(wat2wasm(wat)))).toBe(true);
  });

  const modules: Array<[string, Uint8Array]> = [
    ...Object.entries(FAMILIES).map(([k, o]) => [k, watActorModule(o)] as [string, Uint8Array]),
    ['wasi', watActorModule({ ...FAMILIES['wasmbus-0.7'], wasi: true })],
    ['rust', rustActorModule()],
    // br_table, select t, memory.copy, SIMD, ref.func, return_call-free recursion and nested loops
    [
      'mixed',
      wat2wasm(`(module (memory 1) (table 2 funcref) (elem declare func $g)
        (func $g (param i32) (result i32) (local v128)
          (block (loop (br_if 1 (i32.eqz (local.get 0))) (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br 0)))
          (block (block (br_table 0 1 1 (local.get 0))))
          (memory.copy (i32.const 0) (i32.const 8) (i32.const 4))
          (local.set 1 (v128.load offset=16 (i32.const 0)))
          (drop (ref.func $g))
          (select (result i32) (call $g (i32.const 0)) (i32.const 2) (local.get 0)))
        (export "g" (func $g)))`),
    ],
  ];

  it.each(modules)('%s: rewritten in wasm, body for body what the JavaScript rewriter writes', (_name, wasm) => {
    const { instrumentDeadlines } = require('./deadline-instrument') as typeof import('./deadline-instrument');
    const fast = instrumentDeadlines(wasm)!;
    const reference = referenceInstrument(wasm)!;
    expect(reference).toBeDefined();
    const a = sections(fast);
    const b = sections(reference);
    expect(a.map(([id]) => id)).toEqual(b.map(([id]) => id));
    for (let i = 0; i < a.length; i++) {
      if (a[i][0] === 10) expect(bodies(a[i][1])).toEqual(bodies(b[i][1]));
      else expect(Buffer.from(a[i][1]).equals(Buffer.from(b[i][1]))).toBe(true);
    }
    // The wasm rewriter took it (5-byte body sizes), not the fallback.
    const code = a.find(([id]) => id === 10)![1];
    const [, first] = uleb(code, 0);
    expect(code[first] & 0x80).toBe(0x80);
    // ... and the reference is the JavaScript rewriter's (minimal LEBs: a shorter section).
    expect(b.find(([id]) => id === 10)![1].length).toBeLessThan(code.length);
    expect(() => new WebAssembly.Module(fast)).not.toThrow();
  });

  it('declines what it does not decode, so the JavaScript rewriter decides', () => {
    const { OPS } = require('./deadline-instrument') as typeof import('./deadline-instrument');
    // a body with 0x06 (try, exception handling): not in the table
    const code = new Uint8Array([1, 4, 0, 0x06, 0x40, 0x0b]);
    expect(rewriteCodeSection(OPS, code, 0, code.length, 0, new Uint8Array([0x01]))).toBeUndefined();
    // a body whose size runs past the section
    const truncated = new Uint8Array([1, 9, 0, 0x0b]);
    expect(rewriteCodeSection(OPS, truncated, 0, truncated.length, 0, new Uint8Array([0x01]))).toBeUndefined();
  });
});
