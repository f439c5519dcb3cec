import { DEADLINE_REWRITER_WASM } from './deadline-rewriter-wasm';

/** Where deadline-rewriter.wat expects its inputs. */
const OPS_AT = 0;
const CHECK_AT = 256;
const INPUT_AT = 1024;
const PAGE = 65536;
/** A rewriter whose memory grew past this for a large module is let go rather than kept. */
const KEPT_BYTES = 16 << 20;

let compiled: WebAssembly.Module | undefined;
let rewriter: { memory: WebAssembly.Memory; rewrite: (from: number, to: number, out: number, imports: number, checkLen: number) => number } | undefined;

/**
 * A code section's content wasm[start, end) with the deadline check at each body's start and each
 * loop body's head and function indexes >= funcImports moved up by one, rewritten by
 * deadline-rewriter.wat; undefined when that module does not decode it (or the output outgrows
 * its room): the caller then rewrites it in JavaScript, which decides what is unsupported. The
 * result is a view of the rewriter's memory, valid until its next call.
 */
export function rewriteCodeSection(
  ops: Uint8Array,
  wasm: Uint8Array,
  start: number,
  end: number,
  funcImports: number,
  check: Uint8Array,
): Uint8Array | undefined {
  if (check.length > INPUT_AT - CHECK_AT) return undefined;
  if (!rewriter) {
    compiled ??= new WebAssembly.Module(Buffer.from(DEADLINE_REWRITER_WASM, 'base64'));
    const ex = new WebAssembly.Instance(compiled, {}).exports;
    rewriter = {
      memory: ex.memory as WebAssembly.Memory,
      rewrite: ex.rewrite as (from: number, to: number, out: number, imports: number, checkLen: number) => number,
    };
    new Uint8Array(rewriter.memory.buffer).set(ops, OPS_AT);
  }
  const { memory, rewrite } = rewriter;
  const length = end - start;
  const out = (INPUT_AT + length + 7) & ~7;
  // Every body's size becomes a 5-byte LEB and gains a check; loops and index growth usually fit
  // in the rest (when they do not, the write traps and the JavaScript rewriter takes over).
  const needed = out + 2 * length + 4096;
  if (needed > memory.buffer.byteLength) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
  const mem = new Uint8Array(memory.buffer);
  mem.set(wasm.subarray(start, end), INPUT_AT);
  mem.set(check, CHECK_AT);
  let outEnd: number;
  try {
    outEnd = rewrite(INPUT_AT, INPUT_AT + length, out, funcImports, check.length);
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) return undefined;
    throw e;
  } finally {
    if (memory.buffer.byteLength > KEPT_BYTES) rewriter = undefined;
  }
  // A view, not a copy: the instrumenter copies it into the module it assembles, before any other call.
  return new Uint8Array(memory.buffer, out, outEnd - out);
}
