#!/usr/bin/env bash
# `npm run demo`: installs what it needs, builds the packages, then walks the path a new user
# takes (the same kit as the e2e suite): local npm + OCI registries on 127.0.0.1, a sample
# workspace in tmp/demo, `nx add @nx-wasmcloud/plugin`, an actor generated and pushed. Pieces
# that do not exist yet are skipped with the reason; everything started is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false

echo "== demo: system dependencies"
bash tools/ensure-system-deps.sh
echo "== demo: npm install"
# `npm ci` rejects lockfiles made against this registry; `npm install` with the lockfile works.
npm install --no-audit --no-fund --loglevel=error
echo "== demo: build all packages"
npx nx run-many -t build --outputStyle=static
exec node tools/e2e-kit/demo.js "$@"
