// Each test file gets its own scratch TMPDIR (removed by jest.after-env.js when the file ends), so
// the temp dirs, CAs, htpasswd files, registry work dirs and host-cache files that tests make never
// pile up in the real /tmp, and pushes remember digests under it instead of the real ~/.cache.
const { mkdtempSync, mkdirSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const scratch = mkdtempSync(join(tmpdir(), 'nx-wasmcloud-oci-test-'));
process.env.NX_WASMCLOUD_TEST_SCRATCH = scratch;
process.env.TMPDIR = scratch;
process.env.XDG_CACHE_HOME = join(scratch, 'xdg-cache');
mkdirSync(process.env.XDG_CACHE_HOME);
