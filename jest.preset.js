// Shared Jest settings for every package and the e2e suites.
const path = require('node:path');

// ESM-only packages that Jest must transpile to CommonJS; see tools/jest/esm-transform.js.
const esmOnly = require('./tools/jest/esm-only');

const root = __dirname;

module.exports = {
  testEnvironment: 'node',
  // Tests spawn real processes (registries, cargo, node); on a loaded 2-core CI machine 5 s is too short.
  testTimeout: 30000,
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
    '^.+\\.m?js$': path.join(root, 'tools/jest/esm-transform.js'),
  },
  resolver: path.join(root, 'tools/jest/resolver.js'),
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  // Unit tests import sibling packages from source, so a change is tested without a rebuild.
  moduleNameMapper: {
    '^@nx-wasmcloud/(wascap|par|oci|smithy|host)$': path.join(root, 'packages/$1/src/index.ts'),
    // wascap's crypto-free subpaths (see packages/wascap/src/key-directory.ts, package-version.ts, terminal-text.ts).
    '^@nx-wasmcloud/wascap/(key-directory|package-version|terminal-text)$': path.join(root, 'packages/wascap/src/$1.ts'),
  },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  reporters: ['default'],
};
