// Set-up shared by the host benchmarks (host-invoke.js, lattice-call.js and its host process
// lattice-call-host.js, lattice-memory.js): the built packages they measure, and a scratch directory for modules.
'use strict';
const { execFileSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

/**
 * The built @nx-wasmcloud/host and wascap: from the snapshot the bench's .sh made and named in
 * `envVar` (so a concurrent rebuild of dist/ cannot pull them away mid-run), else the workspace's.
 */
function builtPackages(envVar) {
  const lib = process.env[envVar] ?? join(__dirname, '../../../packages');
  return { host: require(join(lib, 'host/dist')), wascap: require(join(lib, 'wascap/dist')) };
}

/** A temporary directory removed when the process exits, and wat2wasm of WebAssembly text into it. */
function scratch(prefix) {
  const work = mkdtempSync(join(tmpdir(), prefix));
  process.on('exit', () => rmSync(work, { recursive: true, force: true }));
  const wat2wasm = (text) => {
    writeFileSync(join(work, 'm.wat'), text);
    execFileSync('wat2wasm', [join(work, 'm.wat'), '-o', join(work, 'm.wasm')]);
    return new Uint8Array(readFileSync(join(work, 'm.wasm')));
  };
  return { work, wat2wasm };
}

/** A wasmbus 0.7 actor whose every operation answers its payload: the lattice benchmarks' echo actor. */
const ECHO_WAT = `(module
  (import "wasmbus" "__guest_request" (func $req (param i32 i32)))
  (import "wasmbus" "__guest_response" (func $resp (param i32 i32)))
  (memory (export "memory") 2)
  (func (export "__wasmbus_rpc_version") (result i32) (i32.const 1))
  (func (export "__guest_call") (param $ol i32) (param $pl i32) (result i32)
    (local $p i32)
    (local.set $p (i32.add (i32.const 1024) (local.get $ol)))
    (call $req (i32.const 1024) (local.get $p))
    (call $resp (local.get $p) (local.get $pl))
    (i32.const 1)))`;

module.exports = { builtPackages, scratch, ECHO_WAT };
