/* istanbul ignore file -- runs inside a worker from its source text (worker-instance.ts), where coverage counters do not exist */

/**
 * One actor instance, in a worker thread. Its source text is evaluated in the worker, so it
 * imports nothing from this package: the channel numbers are repeated from channel.ts (checked by
 * channel.spec.ts). The host posts `{ module, wasi, label }` once; after that everything goes
 * through the SharedArrayBuffer, and the worker blocks on Atomics.wait while the host works, so an
 * import can hand a host call to the main thread and wait for its answer synchronously.
 */
export function workerMain(): void {
  const { receiveMessageOnPort, workerData } = require('node:worker_threads');
  const port = workerData.port;
  const ctl = new Int32Array(workerData.ctl as SharedArrayBuffer);
  const data = new Uint8Array(workerData.data as SharedArrayBuffer);
  const spinMs: number = workerData.spinMs;
  const capacity = data.length;
  const STATE = 0,
    LEN_A = 1,
    LEN_B = 2,
    LEN_C = 3,
    LEN_D = 4,
    KIND = 5,
    LEN = 6,
    API_VERSION = 7,
    REQUEST_END = 8;
  const IDLE = 0,
    CALL = 1,
    DONE = 2,
    HOSTCALL = 3,
    INIT = 5;
  const RESULT_ERROR = 0,
    RESULT_OK = 1,
    RESULT_TRAP = 2,
    RESULT_BAD_RC = 3,
    RESULT_HOST_FAILURE = 4;
  const HOSTCALL_CALL = 0,
    HOSTCALL_LOG = 1;
  const enc = new TextEncoder();
  const empty = new Uint8Array(0);

  let module: WebAssembly.Module;
  let needsWasi = false;
  let label = 'actor';
  let instance: WebAssembly.Instance | undefined;
  let memory: WebAssembly.Memory;
  let guestCall: (opLen: number, payloadLen: number) => number;
  let guestResponse: Uint8Array | undefined;
  let guestError: Uint8Array | undefined;
  let hostResponse: Uint8Array | undefined;
  let hostError: Uint8Array | undefined;
  let requestEnd = 0;

  // Spin briefly before sleeping: a host that calls again at once finds the worker awake.
  function waitWhile(value: number): number {
    let s = Atomics.load(ctl, STATE);
    if (s !== value) return s;
    const until = performance.now() + spinMs;
    let i = 0;
    while ((s = Atomics.load(ctl, STATE)) === value) {
      if ((++i & 63) === 0 && performance.now() > until) {
        Atomics.wait(ctl, STATE, value);
      }
    }
    return s;
  }

  // memory.grow detaches old views: every import takes a fresh one.
  const view = () => new Uint8Array(memory.buffer);

  function hostRoundTrip(kind: number): void {
    ctl[KIND] = kind;
    Atomics.store(ctl, STATE, HOSTCALL);
    Atomics.notify(ctl, STATE);
    waitWhile(HOSTCALL);
  }

  const abi = {
    __guest_request(opPtr: number, payloadPtr: number): void {
      const m = view();
      const opLen = ctl[LEN_A];
      m.set(data.subarray(opLen, opLen + ctl[LEN_B]), payloadPtr);
      m.set(data.subarray(0, opLen), opPtr);
    },
    __guest_response(ptr: number, len: number): void {
      guestResponse = view().slice(ptr, ptr + len);
    },
    __guest_error(ptr: number, len: number): void {
      guestError = view().slice(ptr, ptr + len);
    },
    __host_call(bdPtr: number, bdLen: number, nsPtr: number, nsLen: number, opPtr: number, opLen: number, ptr: number, len: number): number {
      const m = view();
      hostResponse = undefined;
      hostError = undefined;
      const base = requestEnd;
      if (base + bdLen + nsLen + opLen + len > capacity) {
        hostError = enc.encode(`host call payload of ${len} bytes exceeds the host's limit of ${capacity - base - bdLen - nsLen - opLen} bytes`);
        return 0;
      }
      let at = base;
      data.set(m.subarray(bdPtr, bdPtr + bdLen), at);
      at += bdLen;
      data.set(m.subarray(nsPtr, nsPtr + nsLen), at);
      at += nsLen;
      data.set(m.subarray(opPtr, opPtr + opLen), at);
      at += opLen;
      data.set(m.subarray(ptr, ptr + len), at);
      ctl[LEN_A] = bdLen;
      ctl[LEN_B] = nsLen;
      ctl[LEN_C] = opLen;
      ctl[LEN_D] = len;
      ctl[REQUEST_END] = base;
      hostRoundTrip(HOSTCALL_CALL);
      const answer = data.slice(base, base + ctl[LEN]);
      if (ctl[KIND] === 1) {
        hostResponse = answer;
        return 1;
      }
      hostError = answer;
      return 0;
    },
    __host_response_len: (): number => (hostResponse ? hostResponse.length : 0),
    __host_response(ptr: number): void {
      if (hostResponse) view().set(hostResponse, ptr);
    },
    __host_error_len: (): number => (hostError ? hostError.length : 0),
    __host_error(ptr: number): void {
      if (hostError) view().set(hostError, ptr);
    },
    __console_log(ptr: number, len: number): void {
      const base = requestEnd;
      const n = Math.min(len, capacity - base);
      data.set(view().subarray(ptr, ptr + n), base);
      ctl[LEN_A] = n;
      ctl[REQUEST_END] = base;
      hostRoundTrip(HOSTCALL_LOG);
    },
  };

  function instantiate(): void {
    // The deadline checks compiled into the module (deadline-instrument.ts) have nothing to do
    // here: a worker is ended by terminate().
    const imports: Record<string, Record<string, unknown>> = { wapc: abi, wasmbus: abi, __nxw: { deadline: () => undefined } };
    let wasi: { wasiImport: Record<string, unknown>; start(i: WebAssembly.Instance): number; initialize(i: WebAssembly.Instance): void } | undefined;
    if (needsWasi) {
      const { WASI } = require('node:wasi');
      // stdout goes to stderr: a CLI's stdout carries the reply.
      wasi = new WASI({ version: 'preview1', args: [label], env: {}, stdout: 2, stderr: 2, returnOnExit: true });
      for (const i of WebAssembly.Module.imports(module)) if (i.module.includes('wasi')) imports[i.module] = wasi!.wasiImport;
    }
    const inst = new WebAssembly.Instance(module, imports as WebAssembly.Imports);
    const ex = inst.exports as Record<string, unknown>;
    memory = ex.memory as WebAssembly.Memory;
    instance = inst;
    // otp's order, each once per instance.
    if (typeof ex.start === 'function') (ex.start as () => void)();
    if (typeof ex.wapc_init === 'function') (ex.wapc_init as () => void)();
    if (wasi) {
      if (typeof ex._start === 'function') wasi.start(inst);
      else wasi.initialize(inst);
    } else if (typeof ex._start === 'function') (ex._start as () => void)();
    ctl[API_VERSION] = typeof ex.__wasmbus_rpc_version === 'function' ? (ex.__wasmbus_rpc_version as () => number)() : 0;
    guestCall = ex.__guest_call as typeof guestCall;
  }

  function describe(e: unknown): string {
    if (e instanceof Error) return `${e.name}: ${e.message}`;
    return String(e);
  }

  function finish(kind: number, bytes: Uint8Array): void {
    if (bytes.length > capacity) {
      kind = RESULT_HOST_FAILURE;
      bytes = enc.encode(`the actor's reply of ${bytes.length} bytes exceeds the host's limit of ${capacity} bytes (raise maxPayloadBytes)`);
    }
    data.set(bytes, 0);
    ctl[KIND] = kind;
    ctl[LEN] = bytes.length;
    Atomics.store(ctl, STATE, DONE);
    Atomics.notify(ctl, STATE);
  }

  function runCall(): void {
    const opLen = ctl[LEN_A];
    const payloadLen = ctl[LEN_B];
    requestEnd = (opLen + payloadLen + 7) & ~7;
    guestResponse = guestError = hostResponse = hostError = undefined;
    try {
      if (!instance) instantiate();
      const rc = guestCall(opLen, payloadLen);
      if (rc === 1) finish(RESULT_OK, guestResponse ?? empty);
      else if (rc === 0) finish(RESULT_ERROR, guestError ?? hostError ?? enc.encode('the actor returned an error without a message'));
      else finish(RESULT_BAD_RC, enc.encode(`__guest_call returned ${rc}, expected 1 or 0`));
    } catch (e) {
      // Guest heap state is undefined after a trap: the next call gets a fresh instance.
      instance = undefined;
      finish(RESULT_TRAP, enc.encode(describe(e)));
    }
  }

  function init(): boolean {
    const message = receiveMessageOnPort(port)?.message as { module: WebAssembly.Module; wasi: boolean; label: string } | undefined;
    if (!message) {
      finish(RESULT_HOST_FAILURE, enc.encode('no module was posted to the instance'));
      return false;
    }
    module = message.module;
    needsWasi = message.wasi;
    label = message.label;
    requestEnd = 0;
    try {
      instantiate();
      finish(RESULT_OK, empty);
      return true;
    } catch (e) {
      instance = undefined;
      finish(RESULT_TRAP, enc.encode(describe(e)));
      return false;
    }
  }

  // A booted worker sleeps on the channel: the host wakes it with INIT (module on the port, read
  // synchronously), then with CALL for each call. DONE doubles as idle between calls.
  if (waitWhile(IDLE) !== INIT || !init()) return;
  for (;;) {
    if (waitWhile(DONE) === CALL) runCall();
  }
}
