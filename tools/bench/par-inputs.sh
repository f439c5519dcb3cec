# Sourced by the par-*.sh benchmarks: builds the packages and makes three distinct binaries of
# $PAR_BENCH_MIB MiB (default 200) from real ELF files on this machine, so they compress like
# provider binaries do (random bytes would not; zeros would be unfairly fast).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MIB="${PAR_BENCH_MIB:-200}"
WORK="${PAR_BENCH_DIR:-$(mktemp -d /tmp/par-bench.XXXXXX)}"
trap 'rm -rf "$WORK"' EXIT
(cd "$ROOT" && NX_DAEMON=false npx nx run @nx-wasmcloud/par:build >/dev/null)
elf_files() { find /usr/lib /usr/bin -type f -size +64k -perm -u+r 2>/dev/null | while read -r f; do
  [ "$(head -c 4 "$f" 2>/dev/null | od -An -tx1 | tr -d ' ')" = "7f454c46" ] && echo "$f"; done; }
elf_files | sort >"$WORK/list"
make_bin() { # name, ordering command
  (xargs -d '\n' cat <"$WORK/list.$1" 2>/dev/null || true) | head -c "$((MIB * 1024 * 1024))" >"$WORK/$1"
  [ "$(stat -c %s "$WORK/$1")" -eq "$((MIB * 1024 * 1024))" ] || { echo "not enough ELF data for $MIB MiB" >&2; exit 1; }
}
cp "$WORK/list" "$WORK/list.bin1"; make_bin bin1
sort -r "$WORK/list" >"$WORK/list.bin2"; make_bin bin2
awk 'NR % 2 == 0' "$WORK/list" >"$WORK/list.bin3"; awk 'NR % 2 == 1' "$WORK/list" >>"$WORK/list.bin3"; make_bin bin3
TARGETS=("x86_64-linux=$WORK/bin1" "aarch64-linux=$WORK/bin2" "x86_64-macos=$WORK/bin3")
