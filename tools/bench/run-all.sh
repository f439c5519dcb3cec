#!/usr/bin/env bash
# `npm run bench`: builds the packages, then runs every benchmark in this folder in turn. Each one
# compares against a reference tool in the same run and prints its own ratios. Slow (minutes):
# the inputs are large on purpose (64 MiB modules, 3 x 200 MiB binaries, 600-project workspaces).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tools/ensure-system-deps.sh
NX_DAEMON=false NX_TUI=false npx nx run-many -t build --outputStyle=static >/dev/null
here=tools/bench
for b in wascap-sign.sh par-rss.sh par-gzip-time.sh oci-push.sh smithy-parse-codegen.js plugin-graph.sh nx-cache-oci.sh host-invoke.sh lattice-call.sh lattice-memory.sh dev-loop.sh; do
  [[ -e "$here/$b" ]] || continue
  echo "== $b"
  case "$b" in
    *.js) node "$here/$b" ;;
    *) bash "$here/$b" ;;
  esac
done
