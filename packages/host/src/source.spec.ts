import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostUserError } from './errors';
import { loadSource } from './source';

const oci = { allowedInsecure: [], allowLatest: false };

describe('loadSource', () => {
  it('bytes, a file, a missing file, a directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'host-src-'));
    try {
      expect((await loadSource(new Uint8Array([1, 2]), oci)).label).toBe('actor bytes (2 bytes)');
      writeFileSync(join(dir, 'a.wasm'), new Uint8Array([9]));
      expect(await loadSource(join(dir, 'a.wasm'), oci)).toEqual({ bytes: new Uint8Array([9]), label: join(dir, 'a.wasm') });
      await expect(loadSource(join(dir, 'missing.wasm'), oci)).rejects.toThrow(
        `${join(dir, 'missing.wasm')}: no such file (and not an OCI reference): check the path`,
      );
      await expect(loadSource(dir, oci)).rejects.toThrow(HostUserError);
      await expect(loadSource('', oci)).rejects.toThrow(HostUserError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('a string with ":" or "/" that is no file is an OCI reference (latest refused before any network)', async () => {
    await expect(loadSource('127.0.0.1:1/x/y', oci)).rejects.toThrow(/refusing the 'latest' tag/);
  });
});
