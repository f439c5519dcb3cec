#!/usr/bin/env bash
# Benchmark of the lattice: latticeCall round trips/s to a small echo actor against a bare NATS
# request/reply of the same size on the same nats-server (goal >= 0.7x), p50/p99 latency, and the
# memory of a host running 100 actors.
#   tools/bench/lattice-call.sh   (LATTICE_BENCH_CALLS=3000 LATTICE_BENCH_CONCURRENCY=16 LATTICE_BENCH_ACTORS=100 LATTICE_BENCH_PAYLOAD=100)
# Needs: node >= 20.19, nats-server and wat2wasm (tools/ensure-system-deps.sh); builds wascap, par, oci, host.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
command -v wat2wasm >/dev/null || { echo "wat2wasm (wabt) is required (tools/ensure-system-deps.sh)" >&2; exit 1; }
PATH="$PATH:/usr/sbin" command -v nats-server >/dev/null || { echo "nats-server is required (tools/ensure-system-deps.sh)" >&2; exit 1; }
NX_DAEMON=false npx nx run-many -t build -p @nx-wasmcloud/wascap @nx-wasmcloud/par @nx-wasmcloud/oci @nx-wasmcloud/host --output-style=static >/dev/null
source "$ROOT/tools/bench/lib/snapshot.sh"
snapshot_packages LATTICE_BENCH_LIB lattice-bench wascap par oci host
export NODE_PATH="$SNAP/node_modules:$ROOT/node_modules"
node ${LATTICE_BENCH_CALLER_PROF:+--cpu-prof --cpu-prof-dir="$LATTICE_BENCH_CALLER_PROF"} --expose-gc "$ROOT/tools/bench/lattice-call.js"
