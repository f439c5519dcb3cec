import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifactForInspect } from './inspect-source';
import { startLocalRegistry, LocalRegistry } from './local-registry';
import { pushArtifact } from './push';
import { signedActor, tempDir } from './test-support/fixtures';

describe('artifactForInspect (wash claims/par inspect with an OCI reference)', () => {
  let reg: LocalRegistry;
  const dir = tempDir();
  let actor: string;
  beforeAll(async () => {
    reg = await startLocalRegistry();
    actor = await signedActor(dir);
    await pushArtifact({ reference: `${reg.url}/inspect/echo:1.0.0`, file: actor, insecure: true });
  });
  afterAll(async () => {
    await reg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pulls into a temporary file it removes on dispose, without writing the host cache', async () => {
    const env = { TMPDIR: tempDir() };
    const src = await artifactForInspect({ reference: `${reg.url}/inspect/echo:1.0.0`, insecure: true, env });
    expect(src.fromCache).toBe(false);
    expect(readFileSync(src.file).equals(readFileSync(actor))).toBe(true);
    expect(existsSync(join(env.TMPDIR, 'wasmcloud_ocicache'))).toBe(false);
    await src.dispose();
    expect(existsSync(src.file)).toBe(false);
  });

  it('reads the hosts cache file first unless noCache', async () => {
    const env = { TMPDIR: tempDir() };
    const ref = `${reg.url}/inspect/echo:1.0.0`;
    const cacheDir = join(env.TMPDIR, 'wasmcloud_ocicache');
    mkdirSync(cacheDir);
    const cached = join(cacheDir, `${ref.replace(/[:/.]/g, '_')}.bin`);
    writeFileSync(cached, 'cached bytes');
    const fromCache = await artifactForInspect({ reference: ref, insecure: true, env });
    expect(fromCache).toMatchObject({ file: cached, fromCache: true });
    const fresh = await artifactForInspect({ reference: ref, insecure: true, env, noCache: true });
    expect(readFileSync(fresh.file).equals(readFileSync(actor))).toBe(true);
    await fresh.dispose();
  });
});
