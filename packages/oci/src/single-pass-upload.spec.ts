import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Transport } from './transport';
import { RegistryClient } from './registry-client';
import { startLocalRegistry, LocalRegistry } from './local-registry';
import { startSinglePassUpload } from './single-pass-upload';
import { providerArchive, signedActor, tempDir } from './test-support/fixtures';

describe('startSinglePassUpload (upload, digest and validation from one read)', () => {
  let reg: LocalRegistry;
  let transport: Transport;
  let client: RegistryClient;
  const dir = tempDir();
  beforeAll(async () => {
    reg = await startLocalRegistry();
  });
  beforeEach(() => {
    transport = new Transport();
    client = new RegistryClient({ registry: reg.url, scheme: 'http', transport });
  });
  afterEach(() => transport.close());
  afterAll(async () => {
    await reg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const sha256 = (file: string) => `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;

  it('computes the digest and kind of the bytes it sent, and commits only on finish', async () => {
    for (const [file, kind] of [
      [await providerArchive(dir, 2_000_000, true), 'provider'],
      [await signedActor(dir), 'actor'],
    ] as const) {
      const size = readFileSync(file).length;
      const up = startSinglePassUpload(client, 'single/pass', file, size);
      const checked = await up.checked;
      expect(checked).toEqual({ kind, digest: sha256(file), size });
      expect(await client.blobExists('single/pass', checked!.digest)).toBe(false);
      expect(await up.finish(checked!.digest)).toBe(true);
      expect(await client.blobExists('single/pass', checked!.digest)).toBe(true);
    }
  });

  it('rejects an invalid artifact with the validation error and stops sending it early', async () => {
    const bogus = join(dir, 'bogus.par');
    const size = 32 << 20;
    writeFileSync(bogus, randomBytes(size));
    let sent = 0;
    const up = startSinglePassUpload(client, 'single/bogus', bogus, size, (e) => (sent = Math.max(sent, e.bytesDone)));
    await expect(up.checked).rejects.toThrow(/^Unsupported artifact type: .*bogus\.par' is neither a signed actor/);
    await up.cancel();
    // Validation fails on the first tar header; the upload is aborted long before the end.
    expect(sent).toBeLessThan(size / 2);
  });
});
