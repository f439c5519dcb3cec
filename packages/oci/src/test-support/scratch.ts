import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh temp dir inside the test file's scratch dir (jest.setup.js), which jest.after-env.js
 * removes when the file ends. os.tmpdir() cannot be redirected from a Jest setup file (core
 * modules read the host process's environment), so test helpers ask for dirs here.
 */
export function scratchDir(prefix: string): string {
  return mkdtempSync(join(process.env.NX_WASMCLOUD_TEST_SCRATCH ?? tmpdir(), prefix));
}
