import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bufferBlob } from './registry-client';
import { sha256Digest } from './digest';
import { pushToLayout, readLayoutManifest } from './oci-layout';
import { tempDir } from './test-support/fixtures';

describe('OCI image layout', () => {
  const blob = Buffer.from('layer bytes');
  const m1 = Buffer.from('{"schemaVersion":2,"n":1}');
  const m2 = Buffer.from('{"schemaVersion":2,"n":2}');

  it('writes oci-layout, blobs and a tagged index entry; re-tagging replaces the entry', async () => {
    const dir = join(tempDir(), 'layout');
    const first = await pushToLayout(dir, 'v1', [bufferBlob(blob, sha256Digest(blob))], { bytes: m1, digest: sha256Digest(m1) });
    expect(first.uploaded).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'oci-layout'), 'utf8'))).toEqual({ imageLayoutVersion: '1.0.0' });
    expect(readFileSync(join(dir, 'blobs', 'sha256', sha256Digest(blob).slice(7)), 'utf8')).toBe('layer bytes');
    await pushToLayout(dir, 'v2', [bufferBlob(blob, sha256Digest(blob))], { bytes: m1, digest: sha256Digest(m1) });
    const again = await pushToLayout(dir, 'v1', [bufferBlob(blob, sha256Digest(blob))], { bytes: m2, digest: sha256Digest(m2) });
    expect(again.uploaded).toBe(0);
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
    expect(
      index.manifests.map((m: { annotations: Record<string, string>; digest: string }) => [m.annotations['org.opencontainers.image.ref.name'], m.digest]),
    ).toEqual([
      ['v2', sha256Digest(m1)],
      ['v1', sha256Digest(m2)],
    ]);
    expect((await readLayoutManifest(dir, 'v1')).bytes.equals(m2)).toBe(true);
    expect((await readLayoutManifest(dir, undefined, sha256Digest(m1))).bytes.equals(m1)).toBe(true);
    await expect(readLayoutManifest(dir)).rejects.toThrow(/holds 2 manifests: name one with oci:.*:<tag> \(tags: v2, v1\)/);
  });

  it('refuses a blob whose bytes do not match its digest, and a directory without index.json', async () => {
    const dir = join(tempDir(), 'layout');
    await expect(pushToLayout(dir, 'v1', [bufferBlob(blob, sha256Digest('other'))], { bytes: m1, digest: sha256Digest(m1) })).rejects.toThrow(
      /does not match its digest/,
    );
    await expect(readLayoutManifest(tempDir())).rejects.toThrow(/is not an OCI image layout \(no index.json\)/);
  });
});
