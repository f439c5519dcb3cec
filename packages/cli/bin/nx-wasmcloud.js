#!/usr/bin/env node
// Committed launcher: npm links bins at install time, before dist/ is built, so the bin
// must exist in the source tree. It only loads the compiled CLI.
require('../dist/bin.js');
