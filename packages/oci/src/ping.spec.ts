import { rmSync } from 'node:fs';
import { startLocalRegistry, LocalRegistry } from './local-registry';
import { pushArtifact } from './push';
import { pingArtifact } from './ping';
import { signedActor, tempDir } from './test-support/fixtures';

describe('pingArtifact against a real registry', () => {
  let reg: LocalRegistry;
  const dir = tempDir();
  let digest: string;

  beforeAll(async () => {
    reg = await startLocalRegistry();
    digest = (await pushArtifact({ reference: `${reg.url}/org/echo:0.1.0`, file: await signedActor(dir, 'echo'), insecure: true })).digest;
  });
  afterAll(async () => {
    await reg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resolves with the digest the push reported, by tag and by digest', async () => {
    expect(await pingArtifact({ reference: `${reg.url}/org/echo:0.1.0`, insecure: true })).toEqual({ reference: `${reg.url}/org/echo:0.1.0`, digest });
    expect((await pingArtifact({ reference: `${reg.url}/org/echo@${digest}`, insecure: true })).digest).toBe(digest);
  });

  it('rejects a tag the registry does not hold, and a reference without a tag', async () => {
    await expect(pingArtifact({ reference: `${reg.url}/org/echo:9.9.9`, insecure: true })).rejects.toThrow(/9\.9\.9|not found|MANIFEST_UNKNOWN/i);
    await expect(pingArtifact({ reference: `${reg.url}/org/echo`, insecure: true })).rejects.toThrow(/explicit tag/);
  });
});
