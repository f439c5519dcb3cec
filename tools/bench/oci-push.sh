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
# Snapshot the built packages, so a concurrent rebuild of dist/ cannot pull them away mid-run.
SNAP="$(mktemp -d "${TMPDIR:-/tmp}/nx-wasmcloud-oci-bench-lib.XXXXXX")"
trap 'rm -rf "$SNAP"' EXIT
for pkg in oci par wascap; do
  mkdir -p "$SNAP/node_modules/@nx-wasmcloud/$pkg"
  cp -r "packages/$pkg/dist" "packages/$pkg/package.json" "$SNAP/node_modules/@nx-wasmcloud/$pkg/"
done
# ESM import() ignores NODE_PATH: the lazily imported jose must sit beside the snapshot.
ln -s "$ROOT/node_modules/jose" "$SNAP/node_modules/jose"
export OCI_BENCH_LIB="$SNAP/node_modules/@nx-wasmcloud"
export NODE_PATH="$ROOT/node_modules"
node "$ROOT/tools/bench/oci-push.js"
