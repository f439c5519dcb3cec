#!/usr/bin/env node
// Sums the Jest JSON results that `npm test` left behind (one per package and one for e2e)
// and prints one line per suite, then the closing `N passed, N failed` line.
// Exits 1 if a result file is missing or any test or suite failed. Each failed test is named, with
// the first lines of its message, just above the counts: CI keeps only the end of the output.
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
const failures = [];
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
  for (const suite of r.testResults || []) {
    const file = path.relative(path.join(root, dir), suite.name);
    const failedTests = (suite.assertionResults || []).filter((t) => t.status === 'failed');
    for (const t of failedTests) failures.push(`FAILED ${dir}/${file}: ${t.fullName}\n${firstLines(t.failureMessages.join('\n'))}`);
    if (!failedTests.length && suite.status === 'failed') failures.push(`FAILED ${dir}/${file} (the suite)\n${firstLines(suite.message || '')}`);
  }
  console.log(`${dir}: ${r.numPassedTests} passed, ${f} failed${r.numPendingTests ? `, ${r.numPendingTests} skipped` : ''}`);
}
for (const f of failures) console.log(f);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);

/** The first lines of a Jest failure message, without colours or the stack. */
function firstLines(message) {
  const lines = message
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .filter((l) => l.trim() && !/^\s+at /.test(l));
  return lines
    .slice(0, 8)
    .map((l) => `    ${l.slice(0, 200)}`)
    .join('\n');
}
