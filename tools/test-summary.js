#!/usr/bin/env node
// Sums the Jest JSON results that `npm test` left behind (one per package and one for e2e)
// and prints one line per suite, then the closing `N passed, N failed` line.
// Exits 1 if a result file is missing or any test or suite failed.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const expected = [...fs.readdirSync(path.join(root, 'packages')).map((d) => path.join('packages', d)), 'e2e'].filter((d) =>
  fs.existsSync(path.join(root, d, 'package.json')),
);

let passed = 0;
let failed = 0;
let skipped = 0;
let ok = true;
for (const dir of expected) {
  const file = path.join(root, dir, 'test-results.json');
  if (!fs.existsSync(file)) {
    console.log(`${dir}: no results (did not run)`);
    ok = false;
    continue;
  }
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  // A suite that fails to load has no test results; count it as one failure so it cannot hide.
  const brokenSuites = r.numRuntimeErrorTestSuites || 0;
  const f = r.numFailedTests + brokenSuites;
  passed += r.numPassedTests;
  failed += f;
  skipped += r.numPendingTests + (r.numTodoTests || 0);
  if (f > 0 || !r.success) ok = false;
  console.log(`${dir}: ${r.numPassedTests} passed, ${f} failed${r.numPendingTests ? `, ${r.numPendingTests} skipped` : ''}`);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);
