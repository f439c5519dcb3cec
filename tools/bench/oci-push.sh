#!/usr/bin/env bash
# Push a 200 MiB PAR with nx-wasmcloud vs `skopeo copy` from an OCI layout (same local registry
# binary, fresh storage each), plus an unchanged re-push. Prints ratios and peak RSS.
# usage: tools/bench/oci-push.sh        (OCI_BENCH_MIB=200 OCI_BENCH_REPS=3)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
command -v skopeo >/dev/null || { echo "skopeo is required (tools/ensure-system-deps.sh)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is required (apt-get install time)" >&2; exit 1; }
NX_DAEMON=false npx nx run-many -t build -p @nx-wasmcloud/oci @nx-wasmcloud/cli --output-style=static >/dev/null
source "$ROOT/tools/bench/lib/snapshot.sh"
snapshot_packages OCI_BENCH_LIB oci-bench-lib oci par wascap
export NODE_PATH="$ROOT/node_modules"
node "$ROOT/tools/bench/oci-push.js"
