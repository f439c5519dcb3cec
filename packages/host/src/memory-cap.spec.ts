import { HostUserError } from './errors';
import { DEADLINE_MODULE, DEADLINE_NAME, instrumentDeadlines } from './deadline-instrument';
import { capMemory, capMemorySection } from './memory-cap';
import { wat2wasm } from './test-support/fixtures';

const limits = (wasm: Uint8Array) => {
  const m = new WebAssembly.Module(wasm);
  const inst = new WebAssembly.Instance(m, {});
  const mem = inst.exports.memory as WebAssembly.Memory;
  return mem;
};

describe('capMemory', () => {
  it('adds a maximum to an unbounded memory: grow past the cap fails inside the guest', () => {
    const wasm = wat2wasm('(module (memory (export "memory") 2))');
    const mem = limits(capMemory(wasm, 4 * 65536, 'a'));
    expect(mem.grow(2)).toBe(2);
    expect(() => mem.grow(1)).toThrow(RangeError);
  });
  it('lowers a larger maximum and keeps a smaller one', () => {
    const big = wat2wasm('(module (memory (export "memory") 1 100))');
    expect(() => limits(capMemory(big, 2 * 65536, 'a')).grow(2)).toThrow(RangeError);
    const small = wat2wasm('(module (memory (export "memory") 1 2))');
    expect(capMemory(small, 10 * 65536, 'a')).toBe(small);
  });
  it('refuses a module whose initial memory is over the cap, naming it and the option', () => {
    const wasm = wat2wasm('(module (memory (export "memory") 20))');
    expect(() => capMemory(wasm, 65536 * 4, 'big.wasm')).toThrow(HostUserError);
    expect(() => capMemory(wasm, 65536 * 4, 'big.wasm')).toThrow(/^big\.wasm: .*raise memoryLimitBytes$/);
  });
  it('leaves a module without memory alone', () => {
    const wasm = wat2wasm('(module)');
    expect(capMemory(wasm, 65536, 'a')).toBe(wasm);
  });
  it('capMemorySection: the new section content, or undefined when the section needs no change', () => {
    const wasm = wat2wasm('(module (memory (export "memory") 2))');
    const capped = capMemory(wasm, 4 * 65536, 'a');
    // The section is the same length here (one LEB byte each for min and the added max).
    const at = (bytes: Uint8Array) => bytes.indexOf(5) + 2;
    expect(capMemorySection(wasm, at(wasm), at(wasm) + 3, 4 * 65536, 'a')).toEqual(capped.subarray(at(capped), at(capped) + 4));
    const small = wat2wasm('(module (memory (export "memory") 1 2))');
    expect(capMemorySection(small, at(small), at(small) + 4, 10 * 65536, 'a')).toBeUndefined();
  });
  it('is applied in the deadline instrumenter pass: the instrumented memory is capped, an oversized one refused', () => {
    const wat = (pages: number) => `(module (memory (export "memory") ${pages}) (func (export "f") (loop (br 0))))`;
    const rewrite = (label: string) => (b: Uint8Array, start: number, end: number) => capMemorySection(b, start, end, 4 * 65536, label);
    const out = instrumentDeadlines(wat2wasm(wat(2)), rewrite('a'))!;
    const inst = new WebAssembly.Instance(new WebAssembly.Module(out), { [DEADLINE_MODULE]: { [DEADLINE_NAME]: () => undefined } });
    const mem = inst.exports.memory as WebAssembly.Memory;
    expect(mem.grow(2)).toBe(2);
    expect(() => mem.grow(1)).toThrow(RangeError);
    expect(() => instrumentDeadlines(wat2wasm(wat(20)), rewrite('big.wasm'))).toThrow(/^big\.wasm: .*raise memoryLimitBytes$/);
  });
});
