// A free loopback port: @nx-wasmcloud/oci's freePort from its build (the demo and the e2e suite
// build the packages before starting anything), so the kit and the library pick ports one way.
const { requireExport } = require('./capabilities');

async function freePort(host = '127.0.0.1') {
  return requireExport('oci', 'freePort')(host);
}

module.exports = { freePort };
