// ESLint flat config for every package and tools/: the recommended JavaScript and TypeScript
// rules, with the few exceptions this code base makes on purpose (each one says why).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/__fixtures__/**',
      '**/generators/*/files/**',
      '**/test-results.json',
      '**/test-artifacts/**',
      '**/coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Lazy require() keeps CLI start-up and Nx graph construction fast: heavy modules load
      // only on the code path that needs them.
      '@typescript-eslint/no-require-imports': 'off',
      // Terminal-text sanitising matches control characters on purpose.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests and their fixtures handle decoded JSON and msgpack loosely on purpose.
    files: ['**/*.spec.ts', '**/test-support/**', 'e2e/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/jest.*.js', '**/jest.config.js', 'tools/jest/**'],
    languageOptions: { globals: { ...globals.jest } },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    files: ['**/ui/**/*.mjs', '**/dashboard/**/*.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
