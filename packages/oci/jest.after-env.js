// Removes the test file's scratch TMPDIR (see jest.setup.js) once its own afterAll hooks have stopped the registries.
const { rmSync } = require('node:fs');
afterAll(() => {
  const scratch = process.env.NX_WASMCLOUD_TEST_SCRATCH;
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});
