import { DEADLINE_MODULE, DEADLINE_NAME } from './deadline-instrument';
import { HostCallRequest, HostCallResult, Outcome } from './worker-instance';

/** A fast-path host call answers this when its answer needs the event loop; nothing was done. */
export const NEEDS_ASYNC = Symbol('needs-async');

/** What an instance in the calling thread asks of the host: synchronous answers only. */
export interface SyncHooks {
  hostCallSync(request: HostCallRequest): HostCallResult | typeof NEEDS_ASYNC;
  log(text: string): void;
}

/** `async`: a host call needed the event loop; `effects` says whether a host call with effects had already happened. */
export type FastOutcome = Outcome | { kind: 'async'; effects: boolean };

/** Thrown by the deadline import and by a host call that needs the event loop: unwinds the guest. */
const DEADLINE = Symbol('deadline');
const ASYNC = Symbol('async');

const enc = new TextEncoder();
const empty = new Uint8Array(0);
// Builtins have no effect a re-run would repeat harmfully (a log line may show twice).
const pureNamespace = (ns: string) => ns.startsWith('wasmcloud:builtin:');

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

/**
 * One actor instance in the calling thread (the fast path). Its module carries deadline checks
 * (deadline-instrument.ts), so a timeout ends even an endless loop: the check throws, the guest
 * unwinds and the instance is discarded, as the worker path discards its worker. Limits and error
 * texts are the worker's (worker-main.ts), with `capacity` standing for its data region.
 */
export class MainInstance {
  dead = false;
  apiVersion = 0;
  private deadlineAt = Infinity;
  private memory!: WebAssembly.Memory;
  private guestCall!: (opLen: number, payloadLen: number) => number;
  private op: Uint8Array = empty;
  private payload: Uint8Array = empty;
  private requestEnd = 0;
  private guestResponse?: Uint8Array;
  private guestError?: Uint8Array;
  private hostResponse?: Uint8Array;
  private hostError?: Uint8Array;
  private effects = false;

  constructor(
    private readonly module: WebAssembly.Module,
    private readonly wasi: boolean,
    private readonly label: string,
    private readonly hooks: SyncHooks,
    private readonly capacity: number,
  ) {}

  /** Instantiates and runs the start functions (otp's order), within timeoutMs. */
  init(timeoutMs: number): FastOutcome {
    return this.guard(timeoutMs, () => {
      this.instantiate();
      return { kind: 'ok', payload: empty };
    });
  }

  /** One `__guest_call`; the caller serializes calls to an instance. */
  run(op: Uint8Array, payload: Uint8Array, timeoutMs: number): FastOutcome {
    if (this.dead) return { kind: 'crash', message: 'the instance is gone' };
    this.op = op;
    this.payload = payload;
    this.requestEnd = (op.length + payload.length + 7) & ~7;
    this.guestResponse = this.guestError = this.hostResponse = this.hostError = undefined;
    return this.guard(timeoutMs, () => {
      const rc = this.guestCall(op.length, payload.length);
      if (rc === 1) {
        const reply = this.guestResponse ?? empty;
        if (reply.length > this.capacity) {
          return {
            kind: 'error',
            message: `the actor's reply of ${reply.length} bytes exceeds the host's limit of ${this.capacity} bytes (raise maxPayloadBytes)`,
          };
        }
        return { kind: 'ok', payload: reply };
      }
      if (rc === 0)
        return {
          kind: 'error',
          message: new TextDecoder().decode(this.guestError ?? this.hostError ?? enc.encode('the actor returned an error without a message')),
        };
      return { kind: 'error', message: `__guest_call returned ${rc}, expected 1 or 0` };
    });
  }

  kill(): void {
    this.dead = true;
  }

  private guard(timeoutMs: number, body: () => Outcome): FastOutcome {
    this.effects = false;
    this.deadlineAt = performance.now() + timeoutMs;
    try {
      return body();
    } catch (e) {
      // Guest heap state is undefined after an unwind: the next call gets a fresh instance.
      this.dead = true;
      if (e === DEADLINE) return { kind: 'timeout' };
      if (e === ASYNC) return { kind: 'async', effects: this.effects };
      return { kind: 'trap', message: describe(e) };
    } finally {
      this.op = this.payload = empty;
    }
  }

  private view(): Uint8Array {
    return new Uint8Array(this.memory.buffer);
  }

  private instantiate(): void {
    const abi = {
      __guest_request: (opPtr: number, payloadPtr: number): void => {
        const m = this.view();
        m.set(this.payload, payloadPtr);
        m.set(this.op, opPtr);
      },
      __guest_response: (ptr: number, len: number): void => {
        this.guestResponse = this.view().slice(ptr, ptr + len);
      },
      __guest_error: (ptr: number, len: number): void => {
        this.guestError = this.view().slice(ptr, ptr + len);
      },
      __host_call: (bdPtr: number, bdLen: number, nsPtr: number, nsLen: number, opPtr: number, opLen: number, ptr: number, len: number): number =>
        this.hostCall(bdPtr, bdLen, nsPtr, nsLen, opPtr, opLen, ptr, len),
      __host_response_len: (): number => (this.hostResponse ? this.hostResponse.length : 0),
      __host_response: (ptr: number): void => {
        if (this.hostResponse) this.view().set(this.hostResponse, ptr);
      },
      __host_error_len: (): number => (this.hostError ? this.hostError.length : 0),
      __host_error: (ptr: number): void => {
        if (this.hostError) this.view().set(this.hostError, ptr);
      },
      __console_log: (ptr: number, len: number): void => {
        const n = Math.min(len, this.capacity - this.requestEnd);
        this.hooks.log(new TextDecoder().decode(this.view().subarray(ptr, ptr + n)));
      },
    };
    const imports: Record<string, Record<string, unknown>> = {
      wapc: abi,
      wasmbus: abi,
      [DEADLINE_MODULE]: {
        [DEADLINE_NAME]: () => {
          if (performance.now() > this.deadlineAt) throw DEADLINE;
        },
      },
    };
    let wasi: { wasiImport: Record<string, unknown>; start(i: WebAssembly.Instance): number; initialize(i: WebAssembly.Instance): void } | undefined;
    if (this.wasi) {
      const { WASI } = require('node:wasi');
      // stdout goes to stderr: a CLI's stdout carries the reply.
      wasi = new WASI({ version: 'preview1', args: [this.label], env: {}, stdout: 2, stderr: 2, returnOnExit: true });
      for (const i of WebAssembly.Module.imports(this.module)) if (i.module.includes('wasi')) imports[i.module] = wasi!.wasiImport;
    }
    const inst = new WebAssembly.Instance(this.module, imports as WebAssembly.Imports);
    const ex = inst.exports as Record<string, unknown>;
    this.memory = ex.memory as WebAssembly.Memory;
    this.guestCall = ex.__guest_call as typeof this.guestCall;
    // otp's order, each once per instance.
    if (typeof ex.start === 'function') (ex.start as () => void)();
    if (typeof ex.wapc_init === 'function') (ex.wapc_init as () => void)();
    if (wasi) {
      if (typeof ex._start === 'function') wasi.start(inst);
      else wasi.initialize(inst);
    } else if (typeof ex._start === 'function') (ex._start as () => void)();
    this.apiVersion = typeof ex.__wasmbus_rpc_version === 'function' ? (ex.__wasmbus_rpc_version as () => number)() : 0;
  }

  private hostCall(bdPtr: number, bdLen: number, nsPtr: number, nsLen: number, opPtr: number, opLen: number, ptr: number, len: number): number {
    const m = this.view();
    this.hostResponse = undefined;
    this.hostError = undefined;
    const room = this.capacity - this.requestEnd - bdLen - nsLen - opLen;
    if (len > room) {
      this.hostError = enc.encode(`host call payload of ${len} bytes exceeds the host's limit of ${room} bytes`);
      return 0;
    }
    const dec = new TextDecoder();
    const request: HostCallRequest = {
      binding: dec.decode(m.subarray(bdPtr, bdPtr + bdLen)),
      namespace: dec.decode(m.subarray(nsPtr, nsPtr + nsLen)),
      operation: dec.decode(m.subarray(opPtr, opPtr + opLen)),
      payload: m.slice(ptr, ptr + len),
    };
    let answer: HostCallResult | typeof NEEDS_ASYNC;
    try {
      answer = this.hooks.hostCallSync(request);
    } catch (e) {
      answer = { ok: false, error: (e as Error)?.message ?? String(e) };
    }
    if (answer === NEEDS_ASYNC) throw ASYNC;
    if (!pureNamespace(request.namespace)) this.effects = true;
    let ok = answer.ok;
    let bytes = answer.ok ? answer.payload : enc.encode(answer.error);
    if (this.requestEnd + bytes.length > this.capacity) {
      ok = false;
      bytes = enc.encode(`the host call's reply of ${bytes.length} bytes exceeds the host's limit of ${this.capacity - this.requestEnd} bytes`);
    }
    if (ok) this.hostResponse = bytes;
    else this.hostError = bytes;
    return ok ? 1 : 0;
  }
}
