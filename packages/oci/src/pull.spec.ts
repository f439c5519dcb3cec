import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalRegistry, LocalRegistry } from './local-registry';
import { pushArtifact } from './push';
import { pullArtifact } from './pull';
import { connect } from './client-factory';
import { bufferBlob } from './registry-client';
import { canonicalJson } from './canonical-json';
import { ACTOR_LAYER, MANIFEST_OCI, OCI_TAR_LAYER, PROVIDER_LAYER, WASM_LAYER } from './media-types';
import { providerArchive, signedActor, tempDir } from './test-support/fixtures';
import { skopeo } from './test-support/skopeo';

const sha256 = (b: Buffer | string) => 'sha256:' + createHash('sha256').update(b).digest('hex');

describe('pullArtifact against a real registry (plain HTTP)', () => {
  let reg: LocalRegistry;
  const dir = tempDir();
  let actor: string;
  let par: string;
  let actorDigest: string;

  beforeAll(async () => {
    reg = await startLocalRegistry();
    actor = await signedActor(dir, 'echo');
    par = await providerArchive(dir, 30_000, true);
    actorDigest = (await pushArtifact({ reference: `${reg.url}/org/echo:0.1.0`, file: actor, insecure: true })).digest;
    await pushArtifact({ reference: `${reg.url}/org/httpserver:0.3.0`, file: par, insecure: true, monolithicMax: 4096, chunkSize: 8192 });
  });
  afterAll(async () => {
    await reg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pulls by tag into <repo>.wasm, byte-identical, with the manifest digest', async () => {
    const cwd = tempDir();
    const result = await pullArtifact({ reference: `${reg.url}/org/echo:0.1.0`, insecure: true, cwd });
    expect(result).toMatchObject({ file: join(cwd, 'echo.wasm'), digest: actorDigest, mediaType: ACTOR_LAYER, kind: 'actor', fromCache: false });
    expect(readFileSync(result.file).equals(readFileSync(actor))).toBe(true);
  });

  it('pulls a PAR into <repo>.par.gz, and by digest reference', async () => {
    const cwd = tempDir();
    const byTag = await pullArtifact({ reference: `${reg.url}/org/httpserver:0.3.0`, insecure: true, cwd });
    expect(byTag).toMatchObject({ file: join(cwd, 'httpserver.par.gz'), mediaType: PROVIDER_LAYER, kind: 'provider' });
    expect(readFileSync(byTag.file).equals(readFileSync(par))).toBe(true);
    const byDigest = await pullArtifact({ reference: `${reg.url}/org/httpserver@${byTag.digest}`, insecure: true, destination: join(cwd, 'p.par.gz') });
    expect(readFileSync(byDigest.file).equals(readFileSync(par))).toBe(true);
  });

  it('checks --digest against the manifest digest, with or without the sha256: prefix', async () => {
    const cwd = tempDir();
    const ok = await pullArtifact({ reference: `${reg.url}/org/echo:0.1.0`, insecure: true, cwd, digest: actorDigest.slice(7) });
    expect(ok.digest).toBe(actorDigest);
    const wrong = 'sha256:' + '0'.repeat(64);
    await expect(
      pullArtifact({ reference: `${reg.url}/org/echo:0.1.0`, insecure: true, cwd, digest: wrong, destination: join(cwd, 'w.wasm') }),
    ).rejects.toThrow(`digest mismatch for ${reg.url}/org/echo:0.1.0: expected ${wrong}, the manifest's digest is ${actorDigest}`);
    expect(existsSync(join(cwd, 'w.wasm'))).toBe(false);
    await expect(pullArtifact({ reference: `${reg.url}/org/echo@${wrong}`, insecure: true, cwd })).rejects.toThrow(/not found|manifest unknown/);
  });

  it("refuses 'latest' and tagless references unless allowLatest", async () => {
    await expect(pullArtifact({ reference: `${reg.url}/org/echo`, insecure: true })).rejects.toThrow(/must have explicit tag/);
    await expect(pullArtifact({ reference: `${reg.url}/org/echo:latest`, insecure: true })).rejects.toThrow(/'latest' is prohibited/);
    await expect(pullArtifact({ reference: `${reg.url}/org/echo`, insecure: true, allowLatest: true })).rejects.toThrow(/not found/);
  });

  it('fails when a blob does not match its digest, leaving no output file', async () => {
    // A manifest whose layer descriptor claims a digest the stored bytes do not have: the registry
    // cannot serve such a blob, so corrupt the registry's own storage instead.
    const cwd = tempDir();
    const layerHex = sha256(readFileSync(actor)).slice(7);
    const data = join(reg.storageDir, 'docker/registry/v2/blobs/sha256', layerHex.slice(0, 2), layerHex, 'data');
    const original = readFileSync(data);
    const corrupt = Buffer.from(original);
    corrupt[corrupt.length - 1] ^= 0xff;
    writeFileSync(data, corrupt);
    try {
      await expect(pullArtifact({ reference: `${reg.url}/org/echo:0.1.0`, insecure: true, cwd })).rejects.toThrow(/does not match its digest/);
      expect(existsSync(join(cwd, 'echo.wasm'))).toBe(false);
    } finally {
      writeFileSync(data, original);
    }
  });

  it('accepts application/wasm layers and oras-style file layers (title annotation), concatenating layers', async () => {
    const { client, close } = await connect(reg.url, 'http', {});
    try {
      const bytes = readFileSync(actor);
      const half = Math.floor(bytes.length / 2);
      const parts = [bytes.subarray(0, half), bytes.subarray(half)];
      const config = Buffer.from('{}');
      for (const b of [config, ...parts]) await client.uploadBlob('oras/echo', bufferBlob(b, sha256(b)));
      const manifest = {
        schemaVersion: 2,
        mediaType: MANIFEST_OCI,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: 2 },
        layers: [
          { mediaType: WASM_LAYER, digest: sha256(parts[0]), size: parts[0].length },
          {
            mediaType: 'application/vnd.custom.thing',
            digest: sha256(parts[1]),
            size: parts[1].length,
            annotations: { 'org.opencontainers.image.title': 'tail.bin' },
          },
        ],
      };
      await client.putManifest('oras/echo', 'v1', Buffer.from(canonicalJson(manifest)), MANIFEST_OCI);
    } finally {
      close();
    }
    const cwd = tempDir();
    const result = await pullArtifact({ reference: `${reg.url}/oras/echo:v1`, insecure: true, cwd });
    expect(result.mediaType).toBe(WASM_LAYER);
    expect(readFileSync(result.file).equals(readFileSync(actor))).toBe(true);
  });

  it('writes and reuses the host cache ($TMPDIR/wasmcloud_ocicache/<ref>.bin + .digest)', async () => {
    const tmp = tempDir();
    const env = { TMPDIR: tmp };
    const ref = `${reg.url}/org/echo:0.1.0`;
    const first = await pullArtifact({ reference: ref, insecure: true, hostCache: true, env });
    const stem = ref.replace(/[:/.]/g, '_');
    expect(first.file).toBe(join(tmp, 'wasmcloud_ocicache', `${stem}.bin`));
    expect(readFileSync(first.file).equals(readFileSync(actor))).toBe(true);
    expect(readFileSync(join(tmp, 'wasmcloud_ocicache', `${stem}.digest`), 'utf8')).toBe(actorDigest);
    const second = await pullArtifact({ reference: ref, insecure: true, hostCache: true, env });
    expect(second.fromCache).toBe(true);
    // A stale digest file forces a fresh download, as the hosts do.
    writeFileSync(join(tmp, 'wasmcloud_ocicache', `${stem}.digest`), 'sha256:stale');
    expect((await pullArtifact({ reference: ref, insecure: true, hostCache: true, env })).fromCache).toBe(false);
  });

  it('pulls from an OCI layout that skopeo wrote', async () => {
    const layout = join(dir, 'from-skopeo');
    skopeo(['copy', '--src-tls-verify=false', `docker://${reg.url}/org/httpserver:0.3.0`, `oci:${layout}:v3`]);
    const cwd = tempDir();
    const result = await pullArtifact({ reference: `oci:${layout}:v3`, cwd, destination: 'h.par.gz' });
    expect(readFileSync(result.file).equals(readFileSync(par))).toBe(true);
    await expect(pullArtifact({ reference: `oci:${layout}:nope`, cwd })).rejects.toThrow(/no manifest tagged 'nope' \(tags: v3\)/);
  });

  it('rejects layer types wash does not accept', async () => {
    const { client, close } = await connect(reg.url, 'http', {});
    const blob = Buffer.from('x');
    try {
      await client.uploadBlob('weird/x', bufferBlob(blob, sha256(blob)));
      const m = {
        schemaVersion: 2,
        config: { mediaType: 'a', digest: sha256(blob), size: 1 },
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256(blob), size: 1 }],
      };
      await client.putManifest('weird/x', 'v1', Buffer.from(JSON.stringify(m)), MANIFEST_OCI);
    } finally {
      close();
    }
    await expect(pullArtifact({ reference: `${reg.url}/weird/x:v1`, insecure: true, cwd: tempDir() })).rejects.toThrow(
      new RegExp(`has a layer of type application/vnd.oci.image.layer.v1.tar\\+gzip.*${OCI_TAR_LAYER.replace(/[.+]/g, '\\$&')}`),
    );
  });
});
