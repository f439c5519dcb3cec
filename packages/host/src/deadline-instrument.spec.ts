import fc from 'fast-check';
import { DEADLINE_EVERY, DEADLINE_MODULE, DEADLINE_NAME, instrumentDeadlines } from './deadline-instrument';
import { rustActorModule, wat2wasm, watActorModule } from './test-support/fixtures';
import { FAMILIES } from './test-support/wat-actor';

const enc = new TextEncoder();

/** Drives a module's __guest_call with a bare ABI; counts the deadline import's calls. */
function harness(wasm: Uint8Array) {
  // eslint-disable-next-line prefer-const -- assigned once the instance exists, read by the imports before
  let memory: WebAssembly.Memory;
  let op = new Uint8Array(0);
  let payload = new Uint8Array(0);
  let out: number[] = [];
  let checks = 0;
  const abi = {
    __guest_request: (o: number, p: number) => {
      const m = new Uint8Array(memory.buffer);
      m.set(payload, p);
      m.set(op, o);
    },
    __guest_response: (p: number, n: number) => (out = Array.from(new Uint8Array(memory.buffer, p, n))),
    __guest_error: (p: number, n: number) => (out = [-1, ...new Uint8Array(memory.buffer, p, n)]),
    __host_call: () => 1,
    __host_response_len: () => 3,
    __host_response: (p: number) => new Uint8Array(memory.buffer).set([7, 8, 9], p),
    __host_error_len: () => 0,
    __host_error: () => undefined,
    __console_log: () => undefined,
  };
  const wasi = new Proxy({}, { get: () => () => 0 });
  const imports = { wapc: abi, wasmbus: abi, wasi_snapshot_preview1: wasi, [DEADLINE_MODULE]: { [DEADLINE_NAME]: () => void checks++ } };
  const instance = new WebAssembly.Instance(new WebAssembly.Module(wasm), imports as unknown as WebAssembly.Imports);
  const ex = instance.exports as Record<string, (...a: number[]) => number>;
  memory = instance.exports.memory as WebAssembly.Memory;
  for (const init of ['start', 'wapc_init']) if (typeof ex[init] === 'function') ex[init]();
  return {
    call(operation: string, body: Uint8Array): unknown {
      op = enc.encode(operation);
      payload = body;
      out = [];
      try {
        return [ex.__guest_call(op.length, payload.length), out];
      } catch (e) {
        return `trap: ${(e as Error).message}`;
      }
    },
    get checks() {
      return checks;
    },
  };
}

const hostCall = (bd: string, ns: string, o: string, p: number[]) => {
  const parts = [bd, ns, o].flatMap((s) => [enc.encode(s).length, ...enc.encode(s)]);
  return Uint8Array.from([...parts, ...p]);
};

describe('instrumentDeadlines', () => {
  const modules: Array<[string, Uint8Array]> = [
    ...Object.entries(FAMILIES).map(([k, o]) => [k, watActorModule(o)] as [string, Uint8Array]),
    ['wasi', watActorModule({ ...FAMILIES['wasmbus-0.7'], wasi: true })],
    ['rust', rustActorModule()],
  ];
  const ops = [
    'Echo.Echo',
    'Count.Next',
    'Count.Next',
    'Fail.Fail',
    'Init.Order',
    'Empty.Empty',
    'Rc.Two',
    'Host.Call',
    'Trap.Trap',
    'Testing.Start',
    'Nope.Nope',
  ];

  it.each(modules)('%s: validates, and answers what the original answers (property over operations and payloads)', (_name, wasm) => {
    const out = instrumentDeadlines(wasm)!;
    expect(out).toBeDefined();
    expect(WebAssembly.validate(out)).toBe(true);
    expect(WebAssembly.Module.imports(new WebAssembly.Module(out)).filter((i) => i.module === DEADLINE_MODULE)).toHaveLength(1);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...ops), fc.uint8Array({ maxLength: 64 })), { minLength: 1, maxLength: 8 }), (calls) => {
        const a = harness(wasm);
        const b = harness(out);
        for (const [o, p] of calls) {
          const body = o === 'Host.Call' ? hostCall('default', 'wasmcloud:example', 'Ex.Do', Array.from(p)) : p;
          expect(b.call(o, body)).toEqual(a.call(o, body));
        }
      }),
      { numRuns: 25 },
    );
  });

  it('tables, ref.func, start, globals, bulk memory, saturating truncation, multi-value loops; one check per DEADLINE_EVERY iterations', () => {
    const wasm = wat2wasm(`(module
      (import "m" "f" (func $imp (param i32) (result i32)))
      (type $t (func (result i32)))
      (table 2 funcref)
      (elem (i32.const 0) $one $two)
      (elem declare func $two)
      (global $g (mut i32) (i32.const 0))
      (global $r funcref (ref.func $one))
      (func $one (result i32) (i32.const 1))
      (func $two (result i32) (i32.const 2))
      (func $init (global.set $g (i32.const 5)))
      (start $init)
      (func (export "spin") (param $n i32) (result i32) (local $i i32)
        (loop $l (local.set $i (i32.add (local.get $i) (i32.const 1))) (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
        (local.get $i))
      (func (export "indirect") (param $k i32) (result i32) (call_indirect (type $t) (local.get $k)))
      (func (export "viaref") (result i32) (table.set 0 (i32.const 0) (ref.func $two)) (call_indirect (type $t) (i32.const 0)))
      (func (export "glob") (result i32) (table.set 0 (i32.const 1) (global.get $r)) (call_indirect (type $t) (i32.const 1)))
      (func (export "imp") (result i32) (call $imp (global.get $g)))
      (func (export "sat") (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0)))
      (func (export "bulk") (result i32) (memory.fill (i32.const 0) (i32.const 9) (i32.const 4)) (i32.load8_u (i32.const 3)))
      (func (export "multi") (result i32) (i32.const 3) (i32.const 4) (loop (param i32 i32) (result i32) (i32.add)))
      (memory 1))`);
    const out = instrumentDeadlines(wasm)!;
    expect(WebAssembly.validate(out)).toBe(true);
    let checks = 0;
    const ex = new WebAssembly.Instance(new WebAssembly.Module(out), {
      m: { f: (x: number) => x * 10 },
      [DEADLINE_MODULE]: { [DEADLINE_NAME]: () => void checks++ },
    }).exports as Record<string, (...a: number[]) => number>;
    expect([ex.indirect(0), ex.indirect(1), ex.viaref(), ex.glob(), ex.imp(), ex.sat(1e20), ex.bulk(), ex.multi()]).toEqual([1, 2, 2, 1, 50, 2147483647, 9, 7]);
    checks = 0;
    expect(ex.spin(DEADLINE_EVERY * 4)).toBe(DEADLINE_EVERY * 4);
    expect(checks).toBeGreaterThanOrEqual(4);
    expect(checks).toBeLessThanOrEqual(5);
  });

  it('an endless loop is ended by the import throwing; the instance stays callable', () => {
    const wasm = wat2wasm(`(module (func (export "forever") (loop $l (br $l))) (func (export "one") (result i32) (i32.const 1)))`);
    const stop = new Error('deadline');
    let armed = true;
    const ex = new WebAssembly.Instance(new WebAssembly.Module(instrumentDeadlines(wasm)!), {
      [DEADLINE_MODULE]: {
        [DEADLINE_NAME]: () => {
          if (armed) throw stop;
        },
      },
    }).exports as Record<string, () => number>;
    expect(() => ex.forever()).toThrow(stop);
    armed = false;
    expect(ex.one()).toBe(1);
  });

  it('leaves alone what it cannot decode', () => {
    expect(instrumentDeadlines(new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0]))).toBeUndefined();
    // exception handling (a tag section and try/catch): a JS exception could be caught by the guest
    const eh = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 13, 1, 0]);
    expect(instrumentDeadlines(eh)).toBeUndefined();
  });

  it('leaves alone a module that already imports the deadline module', () => {
    const wasm = wat2wasm(`(module (import "${DEADLINE_MODULE}" "${DEADLINE_NAME}" (func)) (func (export "f") (call 0)))`);
    expect(instrumentDeadlines(wasm)).toBeUndefined();
  });
});
