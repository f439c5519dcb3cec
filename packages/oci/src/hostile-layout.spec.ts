import { createHash } from 'node:crypto';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pullArtifact } from './pull';
import { pushArtifact } from './push';
import { signedActor, tempDir } from './test-support/fixtures';

const sha256hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

// A crafted index.json or blob must not make pull read outside the layout, or forever.
describe('pull from a crafted oci: layout', () => {
  const dir = tempDir();
  let actor: string;
  beforeAll(async () => {
    actor = await signedActor(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A real layout holding the actor as v1; returns its dir, index and layer descriptor. */
  async function layout() {
    const out = join(tempDir(), 'layout');
    await pushArtifact({ reference: `oci:${out}:v1`, file: actor, env: {}, digestCache: false });
    const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'));
    const manifestDigest: string = index.manifests[0].digest;
    const manifest = JSON.parse(readFileSync(join(out, 'blobs', 'sha256', manifestDigest.slice(7)), 'utf8'));
    return { out, index, manifest, layer: manifest.layers[0] as { digest: string; size: number } };
  }

  /** Replaces the manifest with `manifest` and points index.json at it. */
  function rewrite(out: string, index: { manifests: { digest: string; size: number }[] }, manifest: object): void {
    const bytes = Buffer.from(JSON.stringify(manifest));
    writeFileSync(join(out, 'blobs', 'sha256', sha256hex(bytes)), bytes);
    index.manifests[0].digest = `sha256:${sha256hex(bytes)}`;
    index.manifests[0].size = bytes.length;
    writeFileSync(join(out, 'index.json'), JSON.stringify(index));
  }

  const pull = (out: string) => pullArtifact({ reference: `oci:${out}:v1`, env: {}, cwd: tempDir() }).catch((e: Error) => e);

  it('pulls the untouched layout', async () => {
    const { out } = await layout();
    const r = await pullArtifact({ reference: `oci:${out}:v1`, env: {}, cwd: tempDir() });
    expect(readFileSync(r.file).equals(readFileSync(actor))).toBe(true);
  });

  it('refuses a manifest digest that climbs out of the layout, without reading the target', async () => {
    const { out, index } = await layout();
    index.manifests[0].digest = 'sha256:../../../../../../../../etc/hostname';
    writeFileSync(join(out, 'index.json'), JSON.stringify(index));
    const err = (await pull(out)) as Error;
    expect(err.message).toBe(
      `OCI layout ${out} names a blob by an invalid digest 'sha256:../../../../../../../../etc/hostname': expected sha256: and 64 lowercase hex characters`,
    );
    expect(err.message).not.toContain(sha256hex(readFileSync('/etc/hostname')));
  });

  it.each([
    ['a layer digest with a path', (d: string) => `sha256:../${d.slice(7)}`, /invalid digest 'sha256:\.\.\//],
    ['uppercase hex', (d: string) => d.toUpperCase().replace('SHA256', 'sha256'), /invalid digest/],
    ['another algorithm', () => `sha512:${'a'.repeat(128)}`, /names a blob by sha512 .*only sha256 digests are read/],
  ])('refuses %s', async (_what, mutate, message) => {
    const { out, index, manifest, layer } = await layout();
    manifest.layers[0].digest = mutate(layer.digest);
    rewrite(out, index, manifest);
    expect(((await pull(out)) as Error).message).toMatch(message);
  });

  it('refuses a blob that is a symlink out of the layout', async () => {
    const { out, layer } = await layout();
    const path = join(out, 'blobs', 'sha256', layer.digest.slice(7));
    rmSync(path);
    symlinkSync('/etc/hostname', path);
    expect(((await pull(out)) as Error).message).toBe(`OCI layout ${out}: blob ${layer.digest} resolves outside the layout`);
  });

  it('refuses /dev/zero as a blob at once (not a regular file)', async () => {
    const { out, layer } = await layout();
    const path = join(out, 'blobs', 'sha256', layer.digest.slice(7));
    rmSync(path);
    symlinkSync('/dev/zero', path);
    const started = Date.now();
    expect(((await pull(out)) as Error).message).toBe(`OCI layout ${out}: blob ${layer.digest} is not a regular file`);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('stops reading a blob longer than its descriptor declares', async () => {
    const { out, layer } = await layout();
    writeFileSync(join(out, 'blobs', 'sha256', layer.digest.slice(7)), Buffer.alloc(layer.size + (8 << 20)));
    expect(((await pull(out)) as Error).message).toBe(`blob ${layer.digest} is larger than the ${layer.size} bytes its descriptor declares`);
  });

  it('refuses an index.json that is not a regular file', async () => {
    const { out } = await layout();
    rmSync(join(out, 'index.json'));
    symlinkSync('/dev/zero', join(out, 'index.json'));
    expect(((await pull(out)) as Error).message).toBe(`OCI layout ${out}: index.json is not a regular file`);
  });
});
