#!/usr/bin/env bash
# Benchmark of @nx-wasmcloud/host: Host.call invocations/s against a bare __guest_call loop (the
# floor), without and with one provider call per invocation, and actor cold start against
# WebAssembly.compile + sha256. Prints medians and ratios.
#   tools/bench/host-invoke.sh      (HOST_BENCH_ROUNDS=5 HOST_BENCH_CALLS=20000 HOST_BENCH_STARTS=30)
# Needs: node >= 20.19, wat2wasm (wabt), /usr/bin/rustc with the wasm32 std (optional: the cold
# start then uses a Rust actor), and built wascap and host packages (built here).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
command -v wat2wasm >/dev/null || { echo "wat2wasm (wabt) is required (tools/ensure-system-deps.sh)" >&2; exit 1; }
NX_DAEMON=false npx nx run-many -t build -p @nx-wasmcloud/wascap @nx-wasmcloud/oci @nx-wasmcloud/host --output-style=static >/dev/null
source "$ROOT/tools/bench/lib/snapshot.sh"
snapshot_packages HOST_BENCH_LIB host-bench-lib host oci par wascap
export NODE_PATH="$ROOT/node_modules"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
node tools/bench/host-invoke.js
