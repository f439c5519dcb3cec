import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pushArtifact } from './push';
import { ProgressEvent } from './registry-client';
import { rememberArtifact } from './remember-artifact';
import { startLocalRegistry, LocalRegistry } from './local-registry';
import { providerArchive, tempDir } from './test-support/fixtures';

describe('rememberArtifact (the writer tells the next push what it wrote)', () => {
  const dir = tempDir();
  let reg: LocalRegistry;
  beforeAll(async () => {
    reg = await startLocalRegistry();
  });
  afterAll(async () => {
    await reg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const digestOf = (f: string) => `sha256:${createHash('sha256').update(readFileSync(f)).digest('hex')}`;

  it('lets a push of the file just written skip hashing and validating it', async () => {
    const par = await providerArchive(dir, 20_000, true);
    const digestCache = join(dir, 'cache-a.json');
    const size = readFileSync(par).length;
    // Just written: pushArtifact's own racy-file rule would not have cached it.
    await rememberArtifact(par, { digest: digestOf(par), size, kind: 'provider' }, { digestCache });
    const phases: string[] = [];
    const result = await pushArtifact({
      reference: `oci:${join(dir, 'layout-a')}:v1`,
      file: par,
      digestCache,
      onProgress: (e: ProgressEvent) => phases.push(e.phase),
    });
    expect(result).toMatchObject({ kind: 'provider', uploaded: 2 });
    expect(phases).not.toContain('hash');
    expect(existsSync(join(dir, 'layout-a', 'blobs', 'sha256', digestOf(par).slice(7)))).toBe(true);
  });

  it('cannot make a push send bytes under a wrong digest: the layout and the registry check them', async () => {
    const par = await providerArchive(dir, 20_000);
    const digestCache = join(dir, 'cache-b.json');
    const wrong = `sha256:${'0'.repeat(64)}`;
    await rememberArtifact(par, { digest: wrong, size: readFileSync(par).length, kind: 'provider' }, { digestCache });
    await expect(pushArtifact({ reference: `oci:${join(dir, 'layout-b')}:v1`, file: par, digestCache })).rejects.toThrow(/digest/i);
    await expect(pushArtifact({ reference: `${reg.url}/remembered/par:1.0.0`, file: par, digestCache, insecure: true })).rejects.toThrow(
      /computed a different digest|digest/i,
    );
    expect(existsSync(join(dir, 'layout-b', 'blobs', 'sha256', '0'.repeat(64)))).toBe(false);
  });

  it('does nothing when the digest cache is off', async () => {
    const par = await providerArchive(dir, 1000);
    const digestCache = join(dir, 'cache-c.json');
    await rememberArtifact(par, { digest: digestOf(par), size: 1, kind: 'provider' }, { digestCache: false });
    expect(existsSync(digestCache)).toBe(false);
  });
});
