import { assertValidToken, extractClaims, WascapError } from '@nx-wasmcloud/wascap';
import { HostUserError } from './errors';
import { DEADLINE_MODULE, instrumentDeadlines } from './deadline-instrument';
import { capMemory, capMemorySection } from './memory-cap';
import { AbiFamily } from './types';

/** Everything a host learns about an actor before running it. */
export interface CheckedActor {
  label: string;
  publicKey: string;
  issuer: string;
  name: string;
  callAlias?: string;
  caps: string[];
  version?: string;
  revision?: number;
  abi: AbiFamily;
  /** An import module name contains `wasi` (TinyGo `-target wasi`). */
  wasi: boolean;
  /** Compiled from the bytes with the memory cap applied (and deadline checks, when `deadlineChecks`). */
  module: WebAssembly.Module;
  /** The module carries deadline checks (deadline-instrument.ts), so it may run in the calling thread. */
  deadlineChecks: boolean;
}

/** The nine host functions of the waPC/wasmbus ABI, under both module names (otp does so). */
export const ABI_IMPORTS = [
  '__guest_request',
  '__guest_response',
  '__guest_error',
  '__host_call',
  '__host_response_len',
  '__host_response',
  '__host_error_len',
  '__host_error',
  '__console_log',
] as const;
export const ABI_MODULES = ['wapc', 'wasmbus'];

/** Component (layer 1) or core module; anything else is not WebAssembly. */
function checkHeader(wasm: Uint8Array, label: string): void {
  const magic = wasm.length >= 8 && wasm[0] === 0x00 && wasm[1] === 0x61 && wasm[2] === 0x73 && wasm[3] === 0x6d;
  if (!magic) throw new HostUserError(`${label}: not a WebAssembly module (no \\0asm header): give a signed actor .wasm`);
  if (wasm[6] === 0x01 && wasm[7] === 0x00) {
    throw new HostUserError(`${label}: a WebAssembly component, not a classic actor: build a core module (wasm32-unknown-unknown or TinyGo)`);
  }
  if (!(wasm[4] === 0x01 && wasm[5] === 0x00 && wasm[6] === 0x00 && wasm[7] === 0x00)) {
    throw new HostUserError(`${label}: unsupported WebAssembly version ${Array.from(wasm.subarray(4, 8)).join(' ')}`);
  }
}

function refusal(label: string, e: unknown): unknown {
  return e instanceof WascapError ? new HostUserError(`${label}: refused: ${e.message}`) : e;
}

/**
 * otp's order: the claims extracted (module hash checked), then the signature and the time
 * claims. All in this thread: Ed25519 verification on libuv's thread pool costs this thread more
 * (job set-up, a wake-up of the event loop) than verifying here does (about 0.37 ms vs 0.23 ms).
 */
function checkClaims(wasm: Uint8Array, label: string, now: number) {
  try {
    const token = extractClaims(wasm);
    if (!token) throw new HostUserError(`${label}: No claims found in source module: sign it (nx-wasmcloud claims sign / wash claims sign)`);
    assertValidToken(token.jwt, { now });
    return token;
  } catch (e) {
    throw refusal(label, e);
  }
}

export function abiFamily(imports: WebAssembly.ModuleImportDescriptor[], exportList: WebAssembly.ModuleExportDescriptor[]): AbiFamily {
  const exported = new Set(exportList.map((e) => e.name));
  if (exported.has('__wasmbus_rpc_version')) return 'wasmbus-0.7';
  if (imports.some((i) => i.module === 'wasmbus')) return 'wasmbus-0.3';
  if (exported.has('wapc_init')) return 'wapc';
  return 'wascc';
}

function checkShape(module: WebAssembly.Module, label: string, deadlineChecks: boolean): { abi: AbiFamily; wasi: boolean } {
  const imports = WebAssembly.Module.imports(module);
  const exportList = WebAssembly.Module.exports(module);
  const fn = (name: string) => exportList.some((e) => e.name === name && e.kind === 'function');
  if (!fn('__guest_call')) throw new HostUserError(`${label}: refused: the module does not export __guest_call, so it is not an actor`);
  if (!exportList.some((e) => e.name === 'memory' && e.kind === 'memory')) throw new HostUserError(`${label}: refused: the module does not export its memory`);
  const wasi = imports.some((i) => i.module.includes('wasi'));
  for (const i of imports) {
    if (i.module.includes('wasi') || (deadlineChecks && i.module === DEADLINE_MODULE)) continue;
    if (!ABI_MODULES.includes(i.module) || !(ABI_IMPORTS as readonly string[]).includes(i.name) || i.kind !== 'function') {
      throw new HostUserError(`${label}: refused: unknown import ${i.module}.${i.name} (${i.kind}); a host provides only the wapc/wasmbus functions and WASI`);
    }
  }
  return { abi: abiFamily(imports, exportList), wasi };
}

/** The compiled module, or the compile error (the instrumented form's failure falls back to the module as it is). */
function compile(bytes: Uint8Array): WebAssembly.Module | Error {
  try {
    return new WebAssembly.Module(bytes);
  } catch (e) {
    if (e instanceof WebAssembly.CompileError) return e;
    throw e;
  }
}

/**
 * The start-time checks of a wasmCloud host, then compilation with the memory cap applied.
 * Nothing is parsed further, compiled or instantiated before the claims have passed (otp's order:
 * claims, then the module). The memory cap is applied in the instrumenter's pass over the module.
 */
export async function checkActor(wasm: Uint8Array, label: string, options: { now: number; memoryLimitBytes: number }): Promise<CheckedActor> {
  checkHeader(wasm, label);
  const token = checkClaims(wasm, label, options.now);
  const cap = (bytes: Uint8Array, start: number, end: number) => capMemorySection(bytes, start, end, options.memoryLimitBytes, label);
  // In this thread: for an actor-sized module V8's synchronous compile is faster than the
  // asynchronous one, whose hops between threads cost more than they save on a loaded machine.
  // A module whose code we cannot decode, or whose instrumented form does not compile, runs as
  // it is (capped, in a worker thread). A module that imports our private module name is never instrumented.
  let module: WebAssembly.Module | Error = new Error('not compiled');
  let capped: Uint8Array | undefined;
  const instrumented = instrumentDeadlines(wasm, cap);
  if (instrumented) module = compile(instrumented);
  const deadlineChecks = !(module instanceof Error);
  const uninstrumented = () => {
    try {
      return (capped ??= capMemory(wasm, options.memoryLimitBytes, label));
    } catch (e) {
      throw refusal(label, e);
    }
  };
  if (module instanceof Error) module = compile(uninstrumented());
  if (module instanceof Error) throw new HostUserError(`${label}: not a valid WebAssembly module: ${module.message}`);
  // A module that already imports our private module is not instrumented (instrumentDeadlines),
  // so it is compiled as it is and checkShape refuses that import.
  const { abi, wasi } = checkShape(module, label, deadlineChecks);
  const meta = token.claims.wascap;
  return {
    label,
    publicKey: String(token.claims.sub),
    issuer: String(token.claims.iss),
    name: meta.name ?? String(token.claims.sub),
    callAlias: meta.call_alias ?? undefined,
    caps: meta.caps ?? [],
    version: meta.ver ?? undefined,
    revision: meta.rev ?? undefined,
    abi,
    wasi,
    module,
    deadlineChecks,
  };
}
