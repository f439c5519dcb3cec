#!/usr/bin/env bash
# Peak RSS of packing 3 x 200 MiB binaries into a PAR (plain and gzip) and of inserting a fourth
# into the gzip one, next to the same Node process doing nothing (baseline). Target: < 150 MiB.
# usage: tools/bench/par-rss.sh      (PAR_BENCH_MIB=200)
source "$(dirname "$0")/par-inputs.sh"
peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}'; }
base=$(peak node -e "require('$ROOT/packages/par/dist/index.js'); require('$ROOT/packages/wascap/dist/index.js')")
plain=$(peak node "$ROOT/tools/bench/par-pack.js" "$WORK/out.par" "${TARGETS[@]}")
gz=$(peak node "$ROOT/tools/bench/par-pack.js" "$WORK/out.par.gz" --compress "${TARGETS[@]}")
ins=$(peak node "$ROOT/tools/bench/par-pack.js" --insert "$WORK/out.par.gz" "aarch64-macos=$WORK/bin1")
printf 'inputs: 3 x %s MiB\n' "$MIB"
printf 'peak RSS node baseline (modules loaded): %s MiB\n' "$base"
printf 'peak RSS par create (plain):             %s MiB\n' "$plain"
printf 'peak RSS par create --compress:          %s MiB\n' "$gz"
printf 'peak RSS par insert (4th target, gzip):  %s MiB\n' "$ins"
awk -v p="$plain" -v g="$gz" -v i="$ins" 'BEGIN { m = (p > g ? p : g); m = (m > i ? m : i); printf "max %.1f MiB vs limit 150 MiB: %s\n", m, (m < 150 ? "OK" : "OVER") }'
