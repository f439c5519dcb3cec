#!/usr/bin/env bash
# Benchmark: signing a generated 64 MiB wasm module with @nx-wasmcloud/wascap vs `sha256sum` of
# the same file (the floor: signing must hash every byte once). Prints medians and ratios, and
# the signer's peak RSS against the module size.
#
#   tools/bench/wascap-sign.sh [size_mib=64] [runs=7]
#
# Needs: node >= 20.19, sha256sum, /usr/bin/time, and a built wascap
# (NX_DAEMON=false npx nx run @nx-wasmcloud/wascap:build).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SIZE_MIB="${1:-64}"
RUNS="${2:-7}"
DIST="$ROOT/packages/wascap/dist/index.js"
[ -f "$DIST" ] || { echo "build wascap first: NX_DAEMON=false npx nx run @nx-wasmcloud/wascap:build" >&2; exit 1; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/wascap-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# A valid core module: one function, a memory, a SIZE_MIB data segment of random bytes, and
# a couple of custom sections so stripping has something to walk past.
node - "$WORK/big.wasm" "$SIZE_MIB" <<'JS'
const fs = require('fs'); const crypto = require('crypto');
const [out, mib] = [process.argv[2], Number(process.argv[3])];
const uleb = (n) => { const b = []; do { let x = n & 0x7f; n >>>= 7; if (n) x |= 0x80; b.push(x); } while (n); return Buffer.from(b); };
const sec = (id, body) => Buffer.concat([Buffer.from([id]), uleb(body.length), body]);
const custom = (name, data) => sec(0, Buffer.concat([uleb(name.length), Buffer.from(name), data]));
const size = mib * 1024 * 1024;
const pages = Math.ceil(size / 65536) + 1;
const data = crypto.randomBytes(size);
const parts = [
  Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]),
  sec(1, Buffer.from([1, 0x60, 0, 1, 0x7f])),
  sec(3, Buffer.from([1, 0])),
  sec(5, Buffer.concat([Buffer.from([1, 0]), uleb(pages)])),
  sec(7, Buffer.from([1, 1, 0x66, 0, 0])),
  sec(10, Buffer.from([1, 4, 0, 0x41, 0x2a, 0x0b])),
  sec(11, Buffer.concat([Buffer.from([1, 0, 0x41, 0, 0x0b]), uleb(size), data])),
  custom('producers', Buffer.from('bench')),
];
fs.writeFileSync(out, Buffer.concat(parts));
JS

cat > "$WORK/sign.js" <<JS
const w = require('$DIST');
const issuer = w.KeyPair.fromSeed('SAADMA65NBETHOHQTXKV7XKQMXYDUS65JOWQORDR3IOMOB3UFZSDOU7TAA');
const subject = w.KeyPair.fromSeed('SMAABZ62LGU4SLS4SFK3MD463TRC7ZWMZLYPSVH2AOL3WRZXPBIGZG66JE');
const t0 = process.hrtime.bigint();
w.signActorFile(process.argv[2], process.argv[3], { issuer, subject, name: 'bench', caps: [] }).then(() => {
  if (process.env.INPROC_OUT) require('fs').appendFileSync(process.env.INPROC_OUT, String(Number(process.hrtime.bigint() - t0) / 1e9) + '\n');
});
JS

BYTES=$(stat -c %s "$WORK/big.wasm")
cat "$WORK/big.wasm" > /dev/null   # warm the page cache for both tools

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

: > "$WORK/sha.t"; : > "$WORK/sign.t"; : > "$WORK/inproc.t"
for _ in $(seq "$RUNS"); do
  s=$(now); sha256sum "$WORK/big.wasm" > /dev/null; e=$(now); echo "$e - $s" | bc -l >> "$WORK/sha.t"
  s=$(now); INPROC_OUT="$WORK/inproc.t" node "$WORK/sign.js" "$WORK/big.wasm" "$WORK/big_s.wasm"; e=$(now); echo "$e - $s" | bc -l >> "$WORK/sign.t"
done
/usr/bin/time -f '%M' -o "$WORK/rss" node "$WORK/sign.js" "$WORK/big.wasm" "$WORK/big_s.wasm"
/usr/bin/time -f '%M' -o "$WORK/rss0" node -e '0'
node -e "
const w = require('$DIST'); const fs = require('fs');
const crypto = require('crypto');
const t = w.verifyActor(fs.readFileSync('$WORK/big_s.wasm'));
const h = crypto.createHash('sha256').update(fs.readFileSync('$WORK/big.wasm')).digest('hex').toUpperCase();
if (t.claims.wascap.hash !== h) { console.error('hash mismatch'); process.exit(1); }
"

SHA=$(median < "$WORK/sha.t"); SIGN=$(median < "$WORK/sign.t"); INPROC=$(median < "$WORK/inproc.t")
RSS_KB=$(cat "$WORK/rss"); RSS0_KB=$(cat "$WORK/rss0")
printf 'module: %s bytes (%s MiB), runs: %s, node %s\n' "$BYTES" "$SIZE_MIB" "$RUNS" "$(node --version)"
printf 'sha256sum (median):                        %.3f s\n' "$SHA"
printf 'sign, whole node process (median):         %.3f s   ratio %.2fx\n' "$SIGN" "$(echo "$SIGN / $SHA" | bc -l)"
printf 'sign, signActorFile in-process (median):   %.3f s   ratio %.2fx\n' "$INPROC" "$(echo "$INPROC / $SHA" | bc -l)"
printf 'peak RSS signing: %d KiB; empty node: %d KiB; above node baseline: %.2fx module size\n' \
  "$RSS_KB" "$RSS0_KB" "$(echo "($RSS_KB - $RSS0_KB) * 1024 / $BYTES" | bc -l)"
