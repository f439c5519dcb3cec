#!/usr/bin/env bash
# `npm test`: installs what the project needs, builds and lints every package, runs every unit test
# suite and then the e2e suites, and ends with one line of counts computed from Jest's results.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/ensure-system-deps.sh
# `npm ci` rejects lockfiles made against this registry (missing optional platform binaries);
# `npm install` with the committed lockfile installs the same tree.
npm install --no-audit --no-fund --loglevel=error

export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
rm -f packages/*/test-results.json e2e/test-results.json

# Nx 24 keeps its local cache in ~/.nx/<workspace id>/, shared by every clone of this repository
# on the machine: in CI, run every test for real instead of restoring an earlier clone's results.
nxflags=(--outputStyle=static)
[[ "${CI:-}" == "true" ]] && nxflags+=(--skip-nx-cache)

status=0
npx nx run-many -t build lint test "${nxflags[@]}" || status=$?
# tools/ and the root configuration belong to no package: lint them here.
npx eslint tools eslint.config.mjs || status=$?
npx prettier --check tools '*.json' '*.mjs' '*.js' --log-level warn || status=$?
if [[ $status -eq 0 ]]; then
  npx nx run @nx-wasmcloud/e2e:e2e "${nxflags[@]}" || status=$?
else
  echo "unit tests failed; the e2e suites were not run" >&2
fi

# The summary is the last line on purpose: CI reads it.
node tools/test-summary.js || status=$?
exit $status
