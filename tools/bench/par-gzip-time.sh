#!/usr/bin/env bash
# Wall time of `par create --compress` vs `tar -c ... | gzip -9` on the same 3 x 200 MiB inputs,
# alternating runs (median of $PAR_BENCH_RUNS, default 3). Target ratio <= 1.1.
# usage: tools/bench/par-gzip-time.sh
source "$(dirname "$0")/par-inputs.sh"
RUNS="${PAR_BENCH_RUNS:-3}"
now() { date +%s.%N; }
ours=(); ref=()
cat "$WORK"/bin1 "$WORK"/bin2 "$WORK"/bin3 >/dev/null # warm the page cache for both sides
for i in $(seq "$RUNS"); do
  rm -f "$WORK/ours.par.gz" "$WORK/ref.tar.gz"
  t0=$(now); node "$ROOT/tools/bench/par-pack.js" "$WORK/ours.par.gz" --compress "${TARGETS[@]}" 2>/dev/null; t1=$(now)
  (cd "$WORK" && tar -c --format=gnu -f - bin1 bin2 bin3 | gzip -9 >"$WORK/ref.tar.gz"); t2=$(now)
  ours+=("$(echo "$t1 - $t0" | bc)"); ref+=("$(echo "$t2 - $t1" | bc)")
  printf 'run %s: par create --compress %.2fs   tar | gzip -9 %.2fs\n' "$i" "${ours[-1]}" "${ref[-1]}"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mo=$(median "${ours[@]}"); mr=$(median "${ref[@]}")
printf 'sizes: ours %s B, reference %s B\n' "$(stat -c %s "$WORK/ours.par.gz")" "$(stat -c %s "$WORK/ref.tar.gz")"
awk -v o="$mo" -v r="$mr" 'BEGIN { printf "median: ours %.2fs, tar|gzip -9 %.2fs, ratio %.3f (target <= 1.1): %s\n", o, r, o / r, (o / r <= 1.1 ? "OK" : "OVER") }'
