#!/usr/bin/env bash
# Nx remote cache benchmark: cold and warm `nx run-many -t sign par` over 50 actors (+5
# providers) with `nx-wasmcloud cache serve` over a real Distribution registry vs the file-backed
# test server (tools/remote-cache-server.js), and the cache-hit latency vs `skopeo copy` of the same
# record. One cold run each and five alternating warm runs by default; prints the ratios.
#
#   tools/bench/nx-cache-oci.sh [--actors=50] [--runs=1] [--warm=5] [--keep]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
for tool in node wat2wasm cc rustc skopeo curl; do
  command -v "$tool" >/dev/null || { echo "nx-cache-oci: $tool not found (tools/ensure-system-deps.sh)" >&2; exit 1; }
done
for pkg in plugin wascap par oci smithy; do
  [[ -f "$ROOT/packages/$pkg/dist/index.js" ]] || { echo "nx-cache-oci: build first: NX_DAEMON=false npx nx run-many -t build" >&2; exit 1; }
done
exec node "$ROOT/tools/bench/nx-cache-oci.js" "$@"
