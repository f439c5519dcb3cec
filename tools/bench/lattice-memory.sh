#!/usr/bin/env bash
# Memory of a lattice host running 100 small echo actors (RSS and JS heap before/after, per actor).
#   tools/bench/lattice-memory.sh   (LATTICE_MEMORY_ACTORS=100; LATTICE_MEMORY_PATH=calling-thread|worker;
#    LATTICE_MEMORY_IDLE_MS=<ms>: host idleWorkerMs, plus phases after that idle and a call after it)
# Needs: node >= 20.19, nats-server and wat2wasm (tools/ensure-system-deps.sh); builds wascap, par, oci, host.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
command -v wat2wasm >/dev/null || { echo "wat2wasm (wabt) is required (tools/ensure-system-deps.sh)" >&2; exit 1; }
PATH="$PATH:/usr/sbin" command -v nats-server >/dev/null || { echo "nats-server is required (tools/ensure-system-deps.sh)" >&2; exit 1; }
NX_DAEMON=false NX_NO_CLOUD=true npx nx run-many -t build -p @nx-wasmcloud/wascap @nx-wasmcloud/par @nx-wasmcloud/oci @nx-wasmcloud/host --output-style=static >/dev/null
source "$ROOT/tools/bench/lib/snapshot.sh"
snapshot_packages LATTICE_BENCH_LIB lattice-memory wascap par oci host
export NODE_PATH="$SNAP/node_modules:$ROOT/node_modules"
PATH="$PATH:/usr/sbin" node --expose-gc "$ROOT/tools/bench/lattice-memory.js"
