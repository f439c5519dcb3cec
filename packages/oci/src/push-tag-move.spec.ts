import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { OciError } from './errors';
import { startLocalRegistry, LocalRegistry } from './local-registry';
import { pushArtifact } from './push';
import { ProgressEvent } from './registry-client';
import { describeTagMove, tagMoved } from './tag-move';
import { providerArchive, signedActor, tempDir } from './test-support/fixtures';
import { skopeo } from './test-support/skopeo';

const sha256 = (b: Buffer | string) => 'sha256:' + createHash('sha256').update(b).digest('hex');

describe('pushArtifact and a tag that already exists (real registry; skopeo as the independent reader)', () => {
  let reg: LocalRegistry;
  const dir = tempDir();
  let first: string;
  let second: string;

  beforeAll(async () => {
    reg = await startLocalRegistry();
    // Two distinct signed actors (fresh keys, random padding): different layers, different manifests.
    first = await signedActor(dir, 'first');
    second = await signedActor(dir, 'second');
  });
  afterAll(async () => {
    await reg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const push = (reference: string, file: string, extra: Partial<Parameters<typeof pushArtifact>[0]> = {}) =>
    pushArtifact({ reference: `${reg.url}/${reference}`, file, insecure: true, digestCache: false, ...extra });
  /** The manifest digest skopeo finds for `ref` (tag or @digest). */
  const digestOf = (ref: string) => sha256(skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${reg.url}/${ref}`]));
  /** Whether the registry's storage holds a blob at all (any repository). */
  const blobStored = (digest: string) => existsSync(join(reg.storageDir, 'docker/registry/v2/blobs/sha256', digest.slice(7, 9), digest.slice(7), 'data'));
  /** Upload sessions left in a repository's storage. */
  const openUploads = (repo: string) => {
    const uploads = join(reg.storageDir, 'docker/registry/v2/repositories', repo, '_uploads');
    return existsSync(uploads) ? readdirSync(uploads) : [];
  };

  it('reports no previous digest for a new tag', async () => {
    const result = await push('fresh/echo:0.1.0', first);
    expect(result.previousDigest).toBeUndefined();
    expect(digestOf('fresh/echo:0.1.0')).toBe(result.digest);
  });

  it('re-pushing the same bytes is idempotent: same digest, the tag did not move', async () => {
    const a = await push('same/echo:0.1.0', first);
    const b = await push('same/echo:0.1.0', first);
    expect(b.digest).toBe(a.digest);
    expect(b.previousDigest).toBe(a.digest);
    expect(tagMoved(b.previousDigest, b.digest)).toBe(false);
    expect(b).toMatchObject({ uploaded: 0, existing: 2 });
  });

  it('pushing other content to the tag moves it, and says from which digest to which', async () => {
    const a = await push('moved/echo:0.1.0', first);
    const b = await push('moved/echo:0.1.0', second);
    expect(b.digest).not.toBe(a.digest);
    expect(b.previousDigest).toBe(a.digest);
    expect(tagMoved(b.previousDigest, b.digest)).toBe(true);
    expect(describeTagMove(b.url, b.previousDigest!, b.digest)).toBe(`tag ${reg.url}/moved/echo:0.1.0 moved: ${a.digest} -> ${b.digest}`);
    expect(digestOf('moved/echo:0.1.0')).toBe(b.digest);
    // A digest-pinned reference is unaffected by the move: it still names the first manifest.
    expect(digestOf(`moved/echo@${a.digest}`)).toBe(a.digest);
  });

  it('with noOverwrite refuses to move the tag, in one line, before any blob of the new artifact reaches the registry', async () => {
    const a = await push('guarded/echo:0.1.0', first);
    const events: ProgressEvent[] = [];
    const fourth = await signedActor(dir, 'fourth');
    expect(blobStored(sha256(readFileSync(fourth)))).toBe(false);
    const refused = push('guarded/echo:0.1.0', fourth, { noOverwrite: true, onProgress: (e) => events.push(e) });
    await expect(refused).rejects.toThrow(OciError);
    expect(blobStored(sha256(readFileSync(fourth)))).toBe(false);
    const fourthManifest = (await push('elsewhere/echo:0.1.0', fourth)).digest;
    // The exact line (the digest of the refused manifest is what the same artifact pushes as elsewhere).
    await expect(refused).rejects.toThrow(
      new RegExp(
        `^tag ${reg.url}/guarded/echo:0\\.1\\.0 already holds ${a.digest} \\(this artifact is ${fourthManifest}\\) and --no-overwrite refuses to move it: push under a new version tag, or drop --no-overwrite to replace it$`,
      ),
    );
    expect(digestOf('guarded/echo:0.1.0')).toBe(a.digest);
    expect(events.filter((e) => e.phase === 'upload' || e.phase === 'mounted' || e.phase === 'manifest')).toEqual([]);
    expect(openUploads('guarded/echo')).toEqual([]);
  });

  it('with noOverwrite a large artifact is hashed before uploading, so the refusal still comes before any byte is sent', async () => {
    const parA = await providerArchive(dir, 40_000);
    const parB = await providerArchive(dir, 40_000);
    const tuning = { speculativeUploadMin: 1, monolithicMax: 1024, chunkSize: 8192 };
    const a = await push('guarded/par:0.1.0', parA, tuning);
    await expect(push('guarded/par:0.1.0', parB, { ...tuning, noOverwrite: true })).rejects.toThrow(/already holds .* --no-overwrite refuses to move it/);
    expect(blobStored(sha256(readFileSync(parB)))).toBe(false);
    expect(openUploads('guarded/par')).toEqual([]);
    expect(digestOf('guarded/par:0.1.0')).toBe(a.digest);
    // A new tag with noOverwrite still streams while hashing (nothing to protect) and pushes.
    const b = await push('guarded/par:0.2.0', parB, { ...tuning, noOverwrite: true });
    expect(b).toMatchObject({ uploaded: 1, existing: 1 }); // the layer; the {} config is in the repository already
    expect(b.previousDigest).toBeUndefined();
  });

  it('with noOverwrite a new tag is pushed, and the same content again is allowed (idempotent)', async () => {
    const a = await push('guarded/new:1.0.0', first, { noOverwrite: true });
    expect(a.previousDigest).toBeUndefined();
    const again = await push('guarded/new:1.0.0', first, { noOverwrite: true });
    expect(again).toMatchObject({ digest: a.digest, previousDigest: a.digest, uploaded: 0 });
  });

  it('digest-pinned push references are refused as before, with or without noOverwrite', async () => {
    const a = await push('pinned/echo:0.1.0', first);
    for (const noOverwrite of [false, true]) {
      await expect(push(`pinned/echo:0.1.0@${a.digest}`, second, { noOverwrite })).rejects.toThrow(/names a digest; push to a tag/);
    }
    expect(digestOf('pinned/echo:0.1.0')).toBe(a.digest);
  });

  it('refuses noOverwrite for an OCI layout in one line instead of ignoring it', async () => {
    const layout = join(dir, 'layout');
    await expect(pushArtifact({ reference: `oci:${layout}:v1`, file: first, noOverwrite: true })).rejects.toThrow(
      `--no-overwrite checks registry tags; 'oci:${layout}:v1' is an OCI layout: push to a registry reference, or drop --no-overwrite`,
    );
    expect(existsSync(layout)).toBe(false);
  });
});
