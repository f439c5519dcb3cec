import { rmSync } from 'node:fs';
import { LocalRegistry, startLocalRegistry } from './local-registry';
import { pushArtifact } from './push';
import { pullArtifact } from './pull';
import { signedActor, tempDir } from './test-support/fixtures';

// Two identical pushes at once to a repository that holds nothing yet: Distribution's filesystem
// driver rewrites a layer link non-atomically when the second upload commits, and a manifest PUT
// that lands in that moment is refused as MANIFEST_BLOB_UNKNOWN. The push confirms the blobs
// (HEAD) and PUTs the manifest again.
describe('identical pushes at the same time', () => {
  let reg: LocalRegistry;
  const dir = tempDir();
  beforeAll(async () => {
    reg = await startLocalRegistry();
  });
  afterAll(async () => {
    await reg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('all succeed, in pairs to fresh repositories', async () => {
    const PAIRS = 40;
    const actors = await Promise.all(Array.from({ length: PAIRS }, (_, i) => signedActor(dir, `a${i}`)));
    const results = await Promise.allSettled(
      actors.flatMap((file, i) =>
        [0, 1].map(() => pushArtifact({ reference: `${reg.url}/race/r${i}:1.0.0`, file, insecure: true, env: {}, digestCache: false })),
      ),
    );
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as Error).message);
    expect(failed).toEqual([]);
    const pulled = await pullArtifact({ reference: `${reg.url}/race/r0:1.0.0`, insecure: true, env: {}, cwd: tempDir() });
    expect(pulled.kind).toBe('actor');
  });
});
