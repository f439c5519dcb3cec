// The end-to-end kit shared by the e2e suite (e2e/) and `npm run demo` (tools/demo.sh), so both
// walk the same path: local npm registry, published packages, fresh workspace, local OCI registry.
module.exports = {
  ...require('./exec'),
  ...require('./free-port'),
  ...require('./cleanup'),
  ...require('./service'),
  ...require('./verdaccio'),
  ...require('./publish'),
  ...require('./workspace'),
  ...require('./capabilities'),
  ...require('./oci-registry'),
};
