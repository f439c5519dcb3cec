// Some ESM-only packages export only an `import` condition, which Jest's CommonJS resolver
// does not try. For those packages (and only those) resolve as an importer would; the file
// is then transpiled by esm-transform.js.
const esmOnly = require('./esm-only');

function packageName(request) {
  if (request.startsWith('.') || request.startsWith('/')) return undefined;
  const parts = request.split('/');
  return request.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

module.exports = (request, options) => {
  const name = packageName(request);
  if (name && esmOnly.includes(name)) {
    return options.defaultResolver(request, {
      ...options,
      conditions: ['import', 'node', 'default'],
    });
  }
  return options.defaultResolver(request, options);
};
