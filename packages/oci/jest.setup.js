// Pushes remember artifact digests under $XDG_CACHE_HOME; tests must not write to the real home.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
process.env.XDG_CACHE_HOME = mkdtempSync(join(tmpdir(), 'nx-wasmcloud-oci-test-cache-'));
