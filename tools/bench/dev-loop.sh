#!/usr/bin/env bash
# Dev loop benchmark: edit-to-running time of a one-line handler change in the minimal
# actor under `nx run hello:dev` (each step's share, from its cycle line), against the same steps
# run as separate `nx run hello:build`, `:sign`, `:push`, `:deploy` commands and against one
# `nx run hello:deploy`, in a fresh Nx workspace with a real registry and host. Prints medians and
# the ratios. Needs built packages, Debian's cargo/rustc with the wasm32 std, docker-registry and
# nats-server.
#
#   tools/bench/dev-loop.sh [--edits=5] [--no-single] [--keep]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
for tool in node /usr/bin/cargo /usr/bin/rustc docker-registry nats-server; do
  command -v "$tool" >/dev/null || [[ -x "$tool" ]] || [[ -x "/usr/sbin/$tool" ]] || { echo "dev-loop: $tool not found (tools/ensure-system-deps.sh)" >&2; exit 1; }
done
[[ -d /usr/lib/rustlib/wasm32-unknown-unknown ]] || { echo "dev-loop: Debian's wasm32 standard library is missing (libstd-rust-dev-wasm32; tools/ensure-system-deps.sh)" >&2; exit 1; }
# The built packages (dist/) are checked by dev-loop.js, which copies them and waits out a rebuild
# running meanwhile.
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
exec node "$ROOT/tools/bench/dev-loop.js" "$@"
