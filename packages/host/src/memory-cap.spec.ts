import { HostUserError } from './errors';
import { capMemory } from './memory-cap';
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
});
