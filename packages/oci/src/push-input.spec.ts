import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pushArtifact } from './push';
import { signedActor, tempDir, tinyModule } from './test-support/fixtures';
import { HostileServer, startHostileRegistry } from './test-support/hostile-registry';

// What push refuses before reading a file whole or uploading a byte.
describe('push input checks', () => {
  const dir = tempDir();
  let reg: HostileServer;
  beforeAll(async () => {
    reg = await startHostileRegistry();
  });
  afterAll(async () => {
    await reg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const uploads = () => reg.requests.filter((r) => r.method === 'POST' || r.method === 'PATCH' || r.method === 'PUT');

  it.each([
    ['/dev/zero', () => '/dev/zero'],
    ['a FIFO', () => (execFileSync('mkfifo', [join(dir, 'fifo')]), join(dir, 'fifo'))],
    ['a directory', () => dir],
  ])('refuses %s as the artifact at once', async (_what, make) => {
    const file = make();
    await expect(pushArtifact({ reference: `${reg.host}/p/x:1.0.0`, file, insecure: true, env: {}, digestCache: false })).rejects.toThrow(
      `cannot push artifact '${file}': not a regular file`,
    );
    expect(uploads()).toEqual([]);
  });

  it('refuses /dev/zero as the config file', async () => {
    const actor = await signedActor(dir);
    await expect(
      pushArtifact({ reference: `${reg.host}/p/x:1.0.0`, file: actor, configFile: '/dev/zero', insecure: true, env: {}, digestCache: false }),
    ).rejects.toThrow("cannot push config file '/dev/zero': not a regular file");
  });

  it('refuses a module above the module limit before uploading, and an artifact above the size limit', async () => {
    const big = join(dir, 'big.wasm');
    writeFileSync(big, tinyModule(2 << 20));
    await expect(
      pushArtifact({ reference: `${reg.host}/p/x:1.0.0`, file: big, insecure: true, env: { NX_WASMCLOUD_MAX_MODULE_BYTES: '1MiB' }, digestCache: false }),
    ).rejects.toThrow(/is a WebAssembly module of \d+ bytes, more than the 1048576-byte limit for actors .* NX_WASMCLOUD_MAX_MODULE_BYTES/);
    await expect(
      pushArtifact({ reference: `${reg.host}/p/x:1.0.0`, file: big, insecure: true, env: { NX_WASMCLOUD_OCI_MAX_BYTES: '1MiB' }, digestCache: false }),
    ).rejects.toThrow(/^artifact '.*big\.wasm' is \d+ bytes, more than the 1 MiB limit/);
    expect(uploads()).toEqual([]);
  });
});
