#!/usr/bin/env bash
# @nx-wasmcloud/plugin benchmark: `nx show projects` with the plugin vs hand-written
# project.json files, and a fully cached `nx run-many -t sign par` vs Nx's floor for the same number
# of cached no-op tasks, for N actors + N/10 providers + N/10 interfaces (default N = 100 and 500).
# Prints the ratios. Needs built packages, wat2wasm, cc and rustc.
#
#   tools/bench/plugin-graph.sh [--sizes=100,500] [--runs=5] [--keep]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
for tool in node wat2wasm cc rustc; do
  command -v "$tool" >/dev/null || { echo "plugin-graph: $tool not found (tools/ensure-system-deps.sh)" >&2; exit 1; }
done
for pkg in plugin wascap par oci smithy; do
  [[ -f "$ROOT/packages/$pkg/dist/index.js" ]] || { echo "plugin-graph: build first: NX_DAEMON=false npx nx run @nx-wasmcloud/$pkg:build" >&2; exit 1; }
done
exec node "$ROOT/tools/bench/plugin-graph.js" "$@"
