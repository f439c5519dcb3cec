/**
 * WebAssembly text for test actors of each ABI family (FAMILIES below). One template, so every
 * family answers the same operations:
 *   Echo.Echo      reply = payload            Fail.Fail     __guest_error("échec: boom ✗"), rc 0
 *   Trap.Trap      unreachable                Count.Next    reply = [++counter] (instance state)
 *   Init.Order     reply = initializers run   Empty.Empty   rc 1, no __guest_response
 *   Rc.Two         rc 2                       Loop.Forever  an endless loop
 *   Alloc.Forever  memory.grow until refused, then unreachable (as Rust's allocator aborts)
 *   Log.Log        __console_log(payload)     Testing.Start reply = the canned bytes, if given
 *   Host.Call      payload = [u8 len, binding][u8 len, namespace][u8 len, operation][payload]:
 *                  one __host_call; reply = host response, or __guest_error("Host error: " + host error)
 * Anything else: __guest_error("No handler registered for function " + operation).
 */
export interface WatActorOptions {
  importModule: 'wapc' | 'wasmbus';
  /** __host_call and the four host response/error imports. */
  hostCalls?: boolean;
  consoleLog?: boolean;
  /** Exported initializers, each appending its letter to Init.Order: start 's', wapc_init 'w', _start '_'. */
  initializers?: Array<'start' | 'wapc_init' | '_start'>;
  /** __wasmbus_rpc_version (returns 1) or __actor_api_version (returns 0). */
  versionExport?: '__wasmbus_rpc_version' | '__actor_api_version';
  /** Import WASI fd_write and print from _start (TinyGo -target wasi style). */
  wasi?: boolean;
  /** Bytes Testing.Start answers with. */
  testReply?: Uint8Array;
  /** Leave out the __guest_call export (a refusal case). */
  noGuestCall?: boolean;
}

const HEAP = 131072;
const REPLY_AT = 65536;

function dataString(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
}

export function watActor(o: WatActorOptions): string {
  const enc = new TextEncoder();
  const strings: Array<[string, Uint8Array]> = [];
  let at = 0;
  const names = new Map<string, [number, number]>();
  const str = (key: string, text: string) => {
    const b = enc.encode(text);
    names.set(key, [at, b.length]);
    strings.push([`${at}`, b]);
    at += b.length + 1;
  };
  for (const op of [
    'Echo.Echo',
    'Fail.Fail',
    'Trap.Trap',
    'Count.Next',
    'Init.Order',
    'Empty.Empty',
    'Rc.Two',
    'Loop.Forever',
    'Alloc.Forever',
    'Log.Log',
    'Testing.Start',
    'Host.Call',
  ])
    str(op, op);
  str('failText', 'échec: boom ✗');
  str('noHandler', 'No handler registered for function ');
  str('hostError', 'Host error: ');
  str('wasiText', 'wasi _start ran\n');
  const ref = (k: string) => names.get(k)!;
  const m = o.importModule;
  const imports = [
    `(import "${m}" "__guest_request" (func $guest_request (param i32 i32)))`,
    `(import "${m}" "__guest_response" (func $guest_response (param i32 i32)))`,
    `(import "${m}" "__guest_error" (func $guest_error (param i32 i32)))`,
  ];
  if (o.hostCalls) {
    imports.push(
      `(import "${m}" "__host_call" (func $host_call (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))`,
      `(import "${m}" "__host_response_len" (func $host_response_len (result i32)))`,
      `(import "${m}" "__host_response" (func $host_response (param i32)))`,
      `(import "${m}" "__host_error_len" (func $host_error_len (result i32)))`,
      `(import "${m}" "__host_error" (func $host_error (param i32)))`,
    );
  }
  if (o.consoleLog) imports.push(`(import "${m}" "__console_log" (func $console_log (param i32 i32)))`);
  if (o.wasi) imports.push(`(import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))`);
  const is = (op: string) => `(call $eq (local.get $op) (local.get $ol) (i32.const ${ref(op)[0]}) (i32.const ${ref(op)[1]}))`;
  const mark = (letter: string) =>
    `(i32.store8 (i32.add (i32.const 1024) (global.get $inits)) (i32.const ${letter.charCodeAt(0)})) (global.set $inits (i32.add (global.get $inits) (i32.const 1)))`;
  const inits = (o.initializers ?? [])
    .map((name) => {
      const letter = name === 'start' ? 's' : name === 'wapc_init' ? 'w' : '_';
      const wasiPrint =
        name === '_start' && o.wasi
          ? `(i32.store (i32.const 3072) (i32.const ${ref('wasiText')[0]})) (i32.store (i32.const 3076) (i32.const ${ref('wasiText')[1]})) (drop (call $fd_write (i32.const 1) (i32.const 3072) (i32.const 1) (i32.const 3080)))`
          : '';
      return `(func (export "${name}") ${wasiPrint} ${mark(letter)})`;
    })
    .join('\n  ');
  const version =
    o.versionExport === '__wasmbus_rpc_version'
      ? '(func (export "__wasmbus_rpc_version") (result i32) (i32.const 1))'
      : o.versionExport === '__actor_api_version'
        ? '(func (export "__actor_api_version") (result i32) (i32.const 0))'
        : '';
  const hostCallOp = o.hostCalls
    ? `(if ${is('Host.Call')} (then
        (local.set $q (local.get $p))
        (local.set $bdl (i32.load8_u (local.get $q))) (local.set $bd (i32.add (local.get $q) (i32.const 1))) (local.set $q (i32.add (local.get $bd) (local.get $bdl)))
        (local.set $nsl (i32.load8_u (local.get $q))) (local.set $ns (i32.add (local.get $q) (i32.const 1))) (local.set $q (i32.add (local.get $ns) (local.get $nsl)))
        (local.set $hopl (i32.load8_u (local.get $q))) (local.set $hop (i32.add (local.get $q) (i32.const 1))) (local.set $q (i32.add (local.get $hop) (local.get $hopl)))
        (local.set $rc (call $host_call (local.get $bd) (local.get $bdl) (local.get $ns) (local.get $nsl) (local.get $hop) (local.get $hopl) (local.get $q) (i32.sub (i32.add (local.get $p) (local.get $pl)) (local.get $q))))
        (if (i32.eq (local.get $rc) (i32.const 1)) (then
          (local.set $n (call $host_response_len))
          (local.set $buf (call $alloc (local.get $n)))
          (call $host_response (local.get $buf))
          (call $guest_response (local.get $buf) (local.get $n))
          (return (i32.const 1))))
        (local.set $n (call $host_error_len))
        (local.set $buf (call $alloc (i32.add (local.get $n) (i32.const ${ref('hostError')[1]}))))
        (call $copy (local.get $buf) (i32.const ${ref('hostError')[0]}) (i32.const ${ref('hostError')[1]}))
        (call $host_error (i32.add (local.get $buf) (i32.const ${ref('hostError')[1]})))
        (call $guest_error (local.get $buf) (i32.add (local.get $n) (i32.const ${ref('hostError')[1]})))
        (return (i32.const 0))))`
    : '';
  const logOp = o.consoleLog ? `(if ${is('Log.Log')} (then (call $console_log (local.get $p) (local.get $pl)) (return (i32.const 1))))` : '';
  const testOp = o.testReply
    ? `(if ${is('Testing.Start')} (then (call $guest_response (i32.const ${REPLY_AT}) (i32.const ${o.testReply.length})) (return (i32.const 1))))`
    : '';
  const guestCall = o.noGuestCall ? '' : `(func (export "__guest_call") (param $ol i32) (param $pl i32) (result i32)`;
  const body = `
    (local $op i32) (local $p i32) (local $q i32) (local $bd i32) (local $bdl i32) (local $ns i32) (local $nsl i32)
    (local $hop i32) (local $hopl i32) (local $rc i32) (local $n i32) (local $buf i32)
    (global.set $heap (i32.const ${HEAP}))
    (local.set $op (call $alloc (local.get $ol)))
    (local.set $p (call $alloc (local.get $pl)))
    (call $guest_request (local.get $op) (local.get $p))
    (if ${is('Echo.Echo')} (then (call $guest_response (local.get $p) (local.get $pl)) (return (i32.const 1))))
    (if ${is('Fail.Fail')} (then (call $guest_error (i32.const ${ref('failText')[0]}) (i32.const ${ref('failText')[1]})) (return (i32.const 0))))
    (if ${is('Trap.Trap')} (then unreachable))
    (if ${is('Count.Next')} (then
      (global.set $count (i32.add (global.get $count) (i32.const 1)))
      (local.set $buf (call $alloc (i32.const 1)))
      (i32.store8 (local.get $buf) (global.get $count))
      (call $guest_response (local.get $buf) (i32.const 1)) (return (i32.const 1))))
    (if ${is('Init.Order')} (then (call $guest_response (i32.const 1024) (global.get $inits)) (return (i32.const 1))))
    (if ${is('Empty.Empty')} (then (return (i32.const 1))))
    (if ${is('Rc.Two')} (then (return (i32.const 2))))
    (if ${is('Loop.Forever')} (then (loop $l (br $l))))
    (if ${is('Alloc.Forever')} (then (loop $g (if (i32.eq (memory.grow (i32.const 16)) (i32.const -1)) (then unreachable)) (br $g))))
    ${logOp}
    ${testOp}
    ${hostCallOp}
    (local.set $buf (call $alloc (i32.add (local.get $ol) (i32.const ${ref('noHandler')[1]}))))
    (call $copy (local.get $buf) (i32.const ${ref('noHandler')[0]}) (i32.const ${ref('noHandler')[1]}))
    (call $copy (i32.add (local.get $buf) (i32.const ${ref('noHandler')[1]})) (local.get $op) (local.get $ol))
    (call $guest_error (local.get $buf) (i32.add (local.get $ol) (i32.const ${ref('noHandler')[1]})))
    (i32.const 0))`;
  return `(module
  ${imports.join('\n  ')}
  (memory (export "memory") 3)
  (global $heap (mut i32) (i32.const ${HEAP}))
  (global $count (mut i32) (i32.const 0))
  (global $inits (mut i32) (i32.const 0))
  ${strings.map(([off, b]) => `(data (i32.const ${off}) "${dataString(b)}")`).join('\n  ')}
  ${o.testReply ? `(data (i32.const ${REPLY_AT}) "${dataString(o.testReply)}")` : ''}
  (func $alloc (param $n i32) (result i32)
    (local $p i32) (local $end i32)
    (local.set $p (global.get $heap))
    (local.set $end (i32.and (i32.add (i32.add (local.get $p) (local.get $n)) (i32.const 7)) (i32.const -8)))
    (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536))) (then
      (if (i32.eq (memory.grow (i32.sub (i32.add (i32.shr_u (local.get $end) (i32.const 16)) (i32.const 1)) (memory.size))) (i32.const -1)) (then unreachable))))
    (global.set $heap (local.get $end))
    (local.get $p))
  (func $copy (param $dst i32) (param $src i32) (param $n i32)
    (local $i i32)
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (i32.store8 (i32.add (local.get $dst) (local.get $i)) (i32.load8_u (i32.add (local.get $src) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l))))
  (func $eq (param $a i32) (param $alen i32) (param $b i32) (param $blen i32) (result i32)
    (local $i i32)
    (if (i32.ne (local.get $alen) (local.get $blen)) (then (return (i32.const 0))))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $alen)))
      (if (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $i))) (i32.load8_u (i32.add (local.get $b) (local.get $i)))) (then (return (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (i32.const 1))
  ${inits}
  ${version}
  ${guestCall ? `${guestCall}${body}` : `(func $unused (param $ol i32) (param $pl i32) (result i32)${body}`}
)`;
}

/** The four ABI families of classic actors (waSCC, waPC, wasmbus 0.3 and 0.7), with the imports, exports and initializers their public actors have. */
export const FAMILIES = {
  wascc: { importModule: 'wapc', hostCalls: true, consoleLog: true } as WatActorOptions,
  wapc: { importModule: 'wapc', hostCalls: true, initializers: ['wapc_init'] } as WatActorOptions,
  'wasmbus-0.3': { importModule: 'wasmbus', hostCalls: true, consoleLog: true, versionExport: '__actor_api_version' } as WatActorOptions,
  'wasmbus-0.7': {
    importModule: 'wasmbus',
    hostCalls: true,
    consoleLog: true,
    versionExport: '__wasmbus_rpc_version',
    initializers: ['_start', 'wapc_init', 'start'],
  } as WatActorOptions,
};
