// A local OCI registry for the demo and the suite, started by @nx-wasmcloud/oci's own
// startLocalRegistry (the Debian docker-registry on a free loopback port), so the e2e path
// exercises the same code users get. With `from` (a workspace dir) the copy installed there
// from the local npm registry is used: the published package, and immune to a rebuild of
// packages/oci running at the same time.
const { createRequire } = require('node:module');
const path = require('node:path');
const { MissingCapability, requireExport } = require('./capabilities');

function installedExport(dir, pkg, name) {
  let mod;
  try {
    // Node's own require, not a test runner's module registry: the installed package and its
    // dependencies load exactly as in a user's script.
    mod = createRequire(path.join(dir, 'package.json'))(pkg);
  } catch (err) {
    throw new MissingCapability(`${pkg} cannot be loaded from ${dir} (${err.message.split('\n')[0]})`);
  }
  if (typeof mod[name] !== 'function') throw new MissingCapability(`${pkg} installed in ${dir} does not export ${name}()`);
  return mod[name];
}

/**
 * Without `storageDir` the library keeps the blobs in a temp dir of its own and removes all of it
 * on stop(); with one, it leaves its (empty) config dir behind, so callers here pass none.
 */
async function startOciRegistry({ storageDir, from } = {}) {
  const startLocalRegistry = from ? installedExport(from, '@nx-wasmcloud/oci', 'startLocalRegistry') : requireExport('oci', 'startLocalRegistry');
  return startLocalRegistry({ host: '127.0.0.1', port: 0, storageDir });
}

module.exports = { startOciRegistry, installedExport };
