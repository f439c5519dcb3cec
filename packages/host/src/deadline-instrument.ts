/**
 * Deadline checks compiled into an actor, so it can run in the calling thread and still be
 * stopped by a timeout: one imported function (DEADLINE_MODULE.DEADLINE_NAME, `() -> ()`) and a
 * mutable i32 countdown global; at every function entry and at the head of every `loop` body the
 * countdown drops by one and, when it reaches zero, is reset to DEADLINE_EVERY and the import is
 * called. The import throws when the call's deadline has passed, which unwinds the guest (the
 * module has no exception handling: anything we do not decode leaves the module alone).
 *
 * The import is appended after the module's own function imports, so every defined function's
 * index moves up by one: `call`, `return_call`, `ref.func`, exports, the start function, element
 * segments (all forms) and global initializers are rewritten; the `name` section is dropped.
 */

import { rewriteCodeSection } from './deadline-rewriter';

export const DEADLINE_MODULE = '__nxw';
export const DEADLINE_NAME = 'deadline';
/** Loop iterations and calls between two clock reads. */
export const DEADLINE_EVERY = 1 << 14;

class Unsupported extends Error {}

const utf8 = new TextDecoder();

const SECTION = { custom: 0, type: 1, import: 2, func: 3, table: 4, memory: 5, global: 6, export: 7, start: 8, elem: 9, code: 10, data: 11, datacount: 12 };
/** The order sections must appear in (ids not listed, e.g. tags (13), are unsupported). */
const ORDER = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 10, 11];

class Reader {
  constructor(
    readonly buf: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {}
  byte(): number {
    if (this.pos >= this.end) throw new Unsupported('truncated');
    return this.buf[this.pos++];
  }
  u32(): number {
    const first = this.buf[this.pos];
    if (first < 0x80 && this.pos < this.end) {
      this.pos++;
      return first;
    }
    // A multiplier, not `2 ** shift`: V8 computes `**` through Math.pow, the hottest line of a start.
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if (!(b & 0x80)) return result;
      scale *= 128;
    }
    throw new Unsupported('bad LEB');
  }
  /** Skips a signed LEB of at most maxBytes bytes. */
  skipSleb(maxBytes: number): void {
    for (let i = 0; i < maxBytes; i++) if (!(this.byte() & 0x80)) return;
    throw new Unsupported('bad LEB');
  }
  skip(n: number): void {
    if (this.pos + n > this.end) throw new Unsupported('truncated');
    this.pos += n;
  }
  name(): string {
    const n = this.u32();
    const start = this.pos;
    this.skip(n);
    return utf8.decode(this.buf.subarray(start, this.pos));
  }
}

class Writer {
  private buf: Uint8Array;
  length = 0;
  /** Sized up front where the size is known: each growth allocates and copies. */
  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }
  u32(v: number): void {
    do {
      let b = v & 0x7f;
      v = Math.floor(v / 128);
      if (v) b |= 0x80;
      this.byte(b);
    } while (v);
  }
  i32(v: number): void {
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      if ((v === 0 && !(b & 0x40)) || (v === -1 && b & 0x40)) {
        this.byte(b);
        return;
      }
      this.byte(b | 0x80);
    }
  }
  bytes(b: Uint8Array | number[]): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  out(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
  /** src[from, to): short runs byte by byte (no subarray to allocate). */
  copy(src: Uint8Array, from: number, to: number): void {
    const n = to - from;
    this.room(n);
    if (n > 64) this.buf.set(src.subarray(from, to), this.length);
    else for (let k = 0; k < n; k++) this.buf[this.length + k] = src[from + k];
    this.length += n;
  }
  /** The bytes written so far, without a copy (valid until the next write). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
  reset(): void {
    this.length = 0;
  }
}

interface Section {
  id: number;
  /** where the section's id byte is */
  offset: number;
  start: number;
  end: number;
  name?: string;
}

const VALTYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f]);

/** Past a block type: 0x40, a value type, or a type index (a signed LEB of at most 5 bytes). */
function blockType(buf: Uint8Array, pos: number): number {
  const b = buf[pos];
  if (b === 0x40 || VALTYPES.has(b)) return pos + 1;
  for (let i = 0; i < 5; i++) if (!(buf[pos++] & 0x80)) return pos;
  throw new Unsupported('bad LEB');
}

const enum Imm {
  unsupported,
  none,
  end,
  block,
  loop,
  func,
  u32,
  brTable,
  u32x2,
  selectT,
  memarg,
  s32,
  s64,
  f32,
  f64,
  refNull,
  fc,
  fd,
}

/** The immediates of each opcode we decode (MVP, sign extension, reference types, tail calls, 0xfc, 0xfd). */
export const OPS = (() => {
  const t = new Uint8Array(256);
  const set = (kind: Imm, ...ops: number[]) => ops.forEach((o) => (t[o] = kind));
  const range = (kind: Imm, from: number, to: number) => {
    for (let o = from; o <= to; o++) t[o] = kind;
  };
  set(Imm.none, 0x00, 0x01, 0x05, 0x0f, 0x1a, 0x1b, 0xd1);
  set(Imm.end, 0x0b);
  set(Imm.block, 0x02, 0x04);
  set(Imm.loop, 0x03);
  set(Imm.func, 0x10, 0x12, 0xd2);
  set(Imm.u32, 0x0c, 0x0d, 0x3f, 0x40);
  range(Imm.u32, 0x20, 0x26);
  set(Imm.brTable, 0x0e);
  set(Imm.u32x2, 0x11, 0x13);
  set(Imm.selectT, 0x1c);
  range(Imm.memarg, 0x28, 0x3e);
  set(Imm.s32, 0x41);
  set(Imm.s64, 0x42);
  set(Imm.f32, 0x43);
  set(Imm.f64, 0x44);
  range(Imm.none, 0x45, 0xc4);
  set(Imm.refNull, 0xd0);
  set(Imm.fc, 0xfc);
  set(Imm.fd, 0xfd);
  return t;
})();

/** Copies one instruction sequence (a body or a constant expression) with function indexes moved up. */
class CodeRewriter {
  constructor(
    private readonly r: Reader,
    private readonly w: Writer,
    /** Function indexes at or above this move up by one. A number, not a closure: a new closure per module made V8 deoptimize run(). */
    private readonly funcImports: number,
    /** The deadline check, inserted at the head of every loop body (none in constant expressions). */
    private readonly snippet?: Uint8Array,
  ) {}

  private memarg(): void {
    const align = this.r.u32();
    if (align & 0x40) this.r.u32();
    this.r.u32();
  }

  /**
   * Until the `end` that closes the sequence (depth 0). Unchanged runs are copied in one piece;
   * the position lives in a local and immediates that need no rewriting are skipped inline (the
   * hot loop of a start: every instruction of every body). A LEB that runs past the sequence
   * throws at the next instruction; a malformed one yields a module the compiler refuses, and the
   * module then runs as it is.
   */
  run(): void {
    const r = this.r;
    const buf = r.buf;
    const end = r.end;
    const w = this.w;
    let pos = r.pos;
    let pending = pos;
    let depth = 0;
    for (;;) {
      if (pos >= end) throw new Unsupported('truncated');
      const start = pos;
      const op = buf[pos++];
      switch (OPS[op]) {
        case Imm.none:
          break;
        case Imm.u32:
        case Imm.s32:
        case Imm.s64:
          while (buf[pos++] & 0x80);
          break;
        case Imm.memarg: {
          // align (bit 6: a memory index follows), then the offset
          const align = buf[pos];
          while (buf[pos++] & 0x80);
          if (align & 0x40) while (buf[pos++] & 0x80);
          while (buf[pos++] & 0x80);
          break;
        }
        case Imm.end:
          if (depth === 0) {
            if (pos > pending) w.copy(buf, pending, pos);
            r.pos = pos;
            return;
          }
          depth--;
          break;
        case Imm.block:
          pos = blockType(buf, pos);
          depth++;
          break;
        case Imm.loop:
          pos = blockType(buf, pos);
          depth++;
          if (this.snippet) {
            if (pos > end) throw new Unsupported('truncated');
            w.copy(buf, pending, pos);
            pending = pos;
            w.bytes(this.snippet);
          }
          break;
        case Imm.func: {
          r.pos = pos;
          const f = r.u32();
          pos = r.pos;
          if (start > pending) w.copy(buf, pending, start);
          w.byte(op);
          w.u32(f >= this.funcImports ? f + 1 : f);
          pending = pos;
          break;
        }
        case Imm.brTable: {
          r.pos = pos;
          const n = r.u32();
          pos = r.pos;
          for (let i = 0; i <= n && pos < end; i++) while (buf[pos++] & 0x80);
          break;
        }
        case Imm.u32x2:
          while (buf[pos++] & 0x80);
          while (buf[pos++] & 0x80);
          break;
        case Imm.selectT: {
          r.pos = pos;
          const n = r.u32();
          pos = r.pos + n;
          break;
        }
        case Imm.f32:
          pos += 4;
          break;
        case Imm.f64:
          pos += 8;
          break;
        case Imm.refNull: {
          const t = buf[pos++];
          if (t !== 0x70 && t !== 0x6f) throw new Unsupported('heap type');
          break;
        }
        case Imm.fc:
          r.pos = pos;
          this.prefixFC();
          pos = r.pos;
          break;
        case Imm.fd:
          r.pos = pos;
          this.prefixFD();
          pos = r.pos;
          break;
        default:
          throw new Unsupported(`opcode 0x${op.toString(16)}`);
      }
    }
  }

  /** Saturating truncation (0-7), bulk memory and tables (8-17). */
  private prefixFC(): void {
    const r = this.r;
    const sub = r.u32();
    if (sub <= 7) return;
    if (sub === 8 || sub === 10 || sub === 12 || sub === 14) {
      r.u32();
      r.u32();
    } else if (sub <= 17) r.u32();
    else throw new Unsupported(`0xfc ${sub}`);
  }

  /** SIMD and relaxed SIMD. */
  private prefixFD(): void {
    const r = this.r;
    const sub = r.u32();
    if (sub <= 11 || sub === 92 || sub === 93) this.memarg();
    else if (sub === 12 || sub === 13) r.skip(16);
    else if (sub >= 21 && sub <= 34) r.skip(1);
    else if (sub >= 84 && sub <= 91) {
      this.memarg();
      r.skip(1);
    } else if (sub > 0xff && !(sub >= 0x100 && sub <= 0x113)) throw new Unsupported(`0xfd ${sub}`);
  }
}

function sections(wasm: Uint8Array): Section[] {
  if (wasm.length < 8 || wasm[4] !== 1 || wasm[5] !== 0 || wasm[6] !== 0 || wasm[7] !== 0) throw new Unsupported('not a core module');
  const out: Section[] = [];
  const r = new Reader(wasm, 8, wasm.length);
  while (r.pos < wasm.length) {
    const offset = r.pos;
    const id = r.byte();
    const size = r.u32();
    const start = r.pos;
    r.skip(size);
    const s: Section = { id, offset, start, end: r.pos };
    if (id === SECTION.custom) s.name = new Reader(wasm, start, r.pos).name();
    else if (!ORDER.includes(id)) throw new Unsupported(`section ${id}`);
    out.push(s);
  }
  return out;
}

/**
 * The content of a new memory section for the one at wasm[start, end), or undefined to keep it:
 * the host's memory cap (memory-cap.ts) applied in the same pass, so the module is parsed once.
 */
export type MemoryRewrite = (wasm: Uint8Array, start: number, end: number) => Uint8Array | undefined;

/**
 * The module with deadline checks, or undefined when it uses something we do not decode (it then
 * runs unchanged, in a worker thread). The result is not validated here: compiling it is.
 */
export function instrumentDeadlines(wasm: Uint8Array, rewriteMemory?: MemoryRewrite): Uint8Array | undefined {
  try {
    return instrument(wasm, rewriteMemory);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}

function instrument(wasm: Uint8Array, rewriteMemory?: MemoryRewrite): Uint8Array {
  const secs = sections(wasm);
  const find = (id: number) => secs.find((s) => s.id === id);
  const reader = (s: Section) => new Reader(wasm, s.start, s.end);

  // Types: append `() -> ()`.
  const typeSec = find(SECTION.type);
  const types = new Writer();
  let typeCount = 0;
  if (typeSec) {
    const r = reader(typeSec);
    typeCount = r.u32();
    types.u32(typeCount + 1);
    const body = r.pos;
    // Only plain function types: with GC's recursion groups a count is not an index.
    for (let i = 0; i < typeCount; i++) {
      if (r.byte() !== 0x60) throw new Unsupported('type form');
      for (let k = 0; k < 2; k++) {
        const n = r.u32();
        for (let j = 0; j < n; j++) if (!VALTYPES.has(r.byte())) throw new Unsupported('value type');
      }
    }
    types.bytes(wasm.subarray(body, typeSec.end));
  } else types.u32(1);
  types.bytes([0x60, 0, 0]);

  // Imports: count function and global imports; append ours.
  const importSec = find(SECTION.import);
  let funcImports = 0;
  let globalImports = 0;
  const imports = new Writer();
  if (importSec) {
    const r = reader(importSec);
    const n = r.u32();
    const body = r.pos;
    for (let i = 0; i < n; i++) {
      // Our private module name taken already: that module is not ours to instrument (it then
      // runs as it is, and the host refuses the unknown import).
      if (r.name() === DEADLINE_MODULE) throw new Unsupported('imports the deadline module');
      r.name();
      const kind = r.byte();
      if (kind === 0) {
        r.u32();
        funcImports++;
      } else if (kind === 1) {
        r.byte();
        limits(r);
      } else if (kind === 2) limits(r);
      else if (kind === 3) {
        r.byte();
        r.byte();
        globalImports++;
      } else throw new Unsupported(`import kind ${kind}`);
    }
    imports.u32(n + 1);
    imports.bytes(wasm.subarray(body, importSec.end));
  } else imports.u32(1);
  const enc = new TextEncoder();
  for (const s of [DEADLINE_MODULE, DEADLINE_NAME]) {
    imports.u32(enc.encode(s).length);
    imports.bytes(enc.encode(s));
  }
  imports.byte(0);
  imports.u32(typeCount);

  const deadlineFn = funcImports;
  const shift = (f: number) => (f >= funcImports ? f + 1 : f);

  // Globals: rewrite initializers (ref.func), append the countdown.
  const globalSec = find(SECTION.global);
  const globals = new Writer();
  let definedGlobals = 0;
  if (globalSec) {
    const r = reader(globalSec);
    definedGlobals = r.u32();
    globals.u32(definedGlobals + 1);
    for (let i = 0; i < definedGlobals; i++) {
      globals.byte(r.byte());
      globals.byte(r.byte());
      new CodeRewriter(r, globals, funcImports).run();
    }
  } else globals.u32(1);
  const counter = globalImports + definedGlobals;
  globals.bytes([0x7f, 0x01, 0x41]);
  globals.i32(DEADLINE_EVERY);
  globals.byte(0x0b);

  // global.get c; i32.const 1; i32.sub; global.set c; global.get c; i32.eqz;
  // if (i32.const EVERY; global.set c; call deadline) end -- wasm has no global.tee.
  const sw = new Writer();
  sw.byte(0x23);
  sw.u32(counter);
  sw.bytes([0x41, 0x01, 0x6b]);
  sw.byte(0x24);
  sw.u32(counter);
  sw.byte(0x23);
  sw.u32(counter);
  sw.bytes([0x45, 0x04, 0x40, 0x41]);
  sw.i32(DEADLINE_EVERY);
  sw.byte(0x24);
  sw.u32(counter);
  sw.byte(0x10);
  sw.u32(deadlineFn);
  sw.byte(0x0b);
  const snippet = sw.out();

  const rebuilt = new Map<number, Uint8Array>();
  rebuilt.set(SECTION.type, types.view());
  rebuilt.set(SECTION.import, imports.view());
  rebuilt.set(SECTION.global, globals.view());

  const memorySec = find(SECTION.memory);
  const memory = memorySec && rewriteMemory?.(wasm, memorySec.start, memorySec.end);
  if (memory) rebuilt.set(SECTION.memory, memory);

  const exportSec = find(SECTION.export);
  if (exportSec) {
    const r = reader(exportSec);
    const w = new Writer();
    const n = r.u32();
    w.u32(n);
    for (let i = 0; i < n; i++) {
      const at = r.pos;
      r.name();
      w.bytes(wasm.subarray(at, r.pos));
      const kind = r.byte();
      const index = r.u32();
      w.byte(kind);
      w.u32(kind === 0 ? shift(index) : index);
    }
    rebuilt.set(SECTION.export, w.view());
  }

  const startSec = find(SECTION.start);
  if (startSec) {
    const w = new Writer();
    w.u32(shift(reader(startSec).u32()));
    rebuilt.set(SECTION.start, w.view());
  }

  const elemSec = find(SECTION.elem);
  if (elemSec) rebuilt.set(SECTION.elem, elements(reader(elemSec), funcImports));

  const codeSec = find(SECTION.code);
  const code = codeSec && rewriteCodeSection(OPS, wasm, codeSec.start, codeSec.end, funcImports, snippet);
  if (code) rebuilt.set(SECTION.code, code);
  else if (codeSec) {
    // The reference rewriter: what the wasm one does not decode (usually unsupported here too).
    const r = reader(codeSec);
    const n = r.u32();
    // Room for the bodies plus a check per body and a few loops each: usually no growth.
    const w = new Writer(codeSec.end - codeSec.start + (n + 16) * 4 * snippet.length);
    w.u32(n);
    const out = new Writer(4096);
    for (let i = 0; i < n; i++) {
      const size = r.u32();
      const end = r.pos + size;
      const body = new Reader(wasm, r.pos, end);
      out.reset();
      const locals = body.u32();
      for (let j = 0; j < locals; j++) {
        body.u32();
        body.byte();
      }
      out.bytes(wasm.subarray(r.pos, body.pos));
      out.bytes(snippet);
      new CodeRewriter(body, out, funcImports, snippet).run();
      if (body.pos !== end) throw new Unsupported('body size');
      w.u32(out.length);
      w.bytes(out.view());
      r.pos = end;
    }
    rebuilt.set(SECTION.code, w.view());
  }

  const dataSec = find(SECTION.data);
  if (dataSec) {
    // Offsets are constant expressions: copied through the decoder, which also moves any ref.func.
    const r = reader(dataSec);
    const w = new Writer(dataSec.end - dataSec.start + 16);
    const n = r.u32();
    w.u32(n);
    for (let i = 0; i < n; i++) {
      const flags = r.u32();
      w.u32(flags);
      if (flags === 2) w.u32(r.u32());
      if (flags !== 1) new CodeRewriter(r, w, funcImports).run();
      const len = r.u32();
      w.u32(len);
      const at = r.pos;
      r.skip(len);
      w.bytes(wasm.subarray(at, r.pos));
    }
    rebuilt.set(SECTION.data, w.view());
  }

  // Reassemble in order, inserting the sections the module did not have: the pieces first, so
  // the output is one buffer of its exact size (fresh large buffers cost a start measurably).
  const pieces: Array<Uint8Array | [number, Uint8Array]> = [wasm.subarray(0, 8)];
  const present = new Set(secs.map((s) => s.id));
  const addMissing = (beforeId: number) => {
    for (const id of [SECTION.type, SECTION.import, SECTION.global]) {
      if (present.has(id) || (beforeId >= 0 && ORDER.indexOf(id) >= ORDER.indexOf(beforeId))) continue;
      pieces.push([id, rebuilt.get(id)!]);
      present.add(id);
    }
  };
  for (const s of secs) {
    if (s.id !== SECTION.custom) addMissing(s.id);
    if (s.id === SECTION.custom && s.name === 'name') continue;
    const content = rebuilt.get(s.id);
    pieces.push(content && s.id !== SECTION.custom ? [s.id, content] : wasm.subarray(s.offset, s.end));
  }
  addMissing(-1);
  let size = 0;
  for (const p of pieces) size += p instanceof Uint8Array ? p.length : 1 + ulebLength(p[1].length) + p[1].length;
  const out = new Writer(size);
  for (const p of pieces) {
    if (p instanceof Uint8Array) out.bytes(p);
    else {
      out.byte(p[0]);
      out.u32(p[1].length);
      out.bytes(p[1]);
    }
  }
  return out.view();
}

function ulebLength(n: number): number {
  let length = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    length++;
  }
  return length;
}

function limits(r: Reader): void {
  const flags = r.byte();
  if (flags & 0x04) throw new Unsupported('memory64');
  r.u32();
  if (flags & 0x01) r.u32();
}

/** Element segments, flags 0-7 (funcref indexes or expressions; active, passive, declarative). */
function elements(r: Reader, funcImports: number): Uint8Array {
  const shift = (f: number) => (f >= funcImports ? f + 1 : f);
  const w = new Writer();
  const n = r.u32();
  w.u32(n);
  for (let i = 0; i < n; i++) {
    const flags = r.u32();
    if (flags > 7) throw new Unsupported(`element flags ${flags}`);
    w.u32(flags);
    if (flags & 0x02 && !(flags & 0x01)) w.u32(r.u32()); // table index (2, 6)
    if (!(flags & 0x01)) new CodeRewriter(r, w, funcImports).run(); // offset (0, 2, 4, 6)
    const exprs = (flags & 0x04) !== 0;
    if (flags & 0x03) w.byte(r.byte()); // elemkind 0x00 or reftype (1, 2, 3, 5, 6, 7)
    const count = r.u32();
    w.u32(count);
    for (let j = 0; j < count; j++) {
      if (exprs) new CodeRewriter(r, w, funcImports).run();
      else w.u32(shift(r.u32()));
    }
  }
  return w.out();
}
