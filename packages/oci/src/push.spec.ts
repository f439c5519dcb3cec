import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalRegistry, LocalRegistry } from './local-registry';
import { pushArtifact } from './push';
import { ACTOR_CONFIG, ACTOR_LAYER, PROVIDER_CONFIG, PROVIDER_LAYER } from './media-types';
import { providerArchive, signedActor, tempDir, tinyModule } from './test-support/fixtures';
import { skopeo } from './test-support/skopeo';
import { ProgressEvent } from './registry-client';

const sha256 = (b: Buffer | string) => 'sha256:' + createHash('sha256').update(b).digest('hex');
const EMPTY_CONFIG = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';

describe('pushArtifact against a real registry (plain HTTP)', () => {
  let reg: LocalRegistry;
  const dir = tempDir();
  let actor: string;
  let par: string;

  beforeAll(async () => {
    reg = await startLocalRegistry();
    actor = await signedActor(dir);
    par = await providerArchive(dir, 20_000);
  });
  afterAll(async () => {
    await reg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const inspectRaw = (ref: string) => skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${reg.url}/${ref}`]);

  it('pushes a signed actor with the wasmCloud media types; skopeo reads the same manifest, digest and bytes', async () => {
    const events: ProgressEvent[] = [];
    const result = await pushArtifact({ reference: `${reg.url}/echo:0.1.0`, file: actor, insecure: true, onProgress: (e) => events.push(e) });
    expect(result).toMatchObject({ url: `${reg.url}/echo:0.1.0`, tag: '0.1.0', kind: 'actor', uploaded: 2, existing: 0 });

    const raw = inspectRaw('echo:0.1.0');
    // The registry names manifests by the sha256 of the bytes it stored: the digest we print must be that.
    expect(sha256(raw)).toBe(result.digest);
    const manifest = JSON.parse(raw.toString());
    const layerDigest = sha256(readFileSync(actor));
    // wash 0.28's manifest, spelled out: sorted keys, no whitespace, no top-level mediaType, annotations {}.
    expect(raw.toString()).toBe(
      `{"annotations":{},"config":{"digest":"${EMPTY_CONFIG}","mediaType":"${ACTOR_CONFIG}","size":2},` +
        `"layers":[{"digest":"${layerDigest}","mediaType":"${ACTOR_LAYER}","size":${readFileSync(actor).length}}],"schemaVersion":2}`,
    );

    // skopeo copies it into an OCI layout: the layer blob is byte-for-byte the actor we pushed.
    const layout = join(dir, 'copied');
    skopeo(['copy', '--src-tls-verify=false', `docker://${reg.url}/echo:0.1.0`, `oci:${layout}:copy`]);
    const layerHex = manifest.layers[0].digest.split(':')[1];
    expect(readFileSync(join(layout, 'blobs', 'sha256', layerHex)).equals(readFileSync(actor))).toBe(true);
    expect(readFileSync(join(layout, 'blobs', 'sha256', EMPTY_CONFIG.split(':')[1]), 'utf8')).toBe('{}');

    const upload = events.filter((e) => e.phase === 'upload' && e.digest === manifest.layers[0].digest);
    expect(upload.at(-1)).toMatchObject({ bytesDone: readFileSync(actor).length, bytesTotal: readFileSync(actor).length });
  });

  it('uploads no blob the second time', async () => {
    const first = await pushArtifact({ reference: `${reg.url}/again:1`, file: actor, insecure: true });
    const second = await pushArtifact({ reference: `${reg.url}/again:1`, file: actor, insecure: true });
    expect(second).toMatchObject({ uploaded: 0, existing: 2, digest: first.digest });
  });

  it('mounts the blobs when pushing the same artifact to a second repository', async () => {
    await pushArtifact({ reference: `${reg.url}/one/echo:1.0.0`, file: actor, insecure: true });
    const second = await pushArtifact({ reference: `${reg.url}/two/echo:1.0.0`, file: actor, insecure: true, mountFrom: ['one/echo'] });
    expect(second).toMatchObject({ uploaded: 0, mounted: 2 });
    expect(JSON.parse(inspectRaw('two/echo:1.0.0').toString()).layers[0].digest).toBe(sha256(readFileSync(actor)));
  });

  it('mounts across processes too: the blob locations are remembered beside the digest cache', async () => {
    const cache = join(tempDir(), 'digests.json');
    await pushArtifact({ reference: `${reg.url}/first/echo:1.0.0`, file: actor, insecure: true, digestCache: cache });
    const fresh = await signedActor(dir, 'mountme');
    await pushArtifact({ reference: `${reg.url}/first/mountme:1.0.0`, file: fresh, insecure: true, digestCache: cache });
    // A freshly loaded module has no in-memory record, as in a new CLI process: only the file is left.
    let isolatedPush: typeof pushArtifact = pushArtifact;
    jest.isolateModules(() => {
      isolatedPush = (require('./push') as typeof import('./push')).pushArtifact;
    });
    expect(isolatedPush).not.toBe(pushArtifact);
    const second = await isolatedPush({ reference: `${reg.url}/second/mountme:1.0.0`, file: fresh, insecure: true, digestCache: cache });
    expect(second).toMatchObject({ uploaded: 0, mounted: 2 });
    expect(JSON.parse(readFileSync(join(cache, '..', 'oci-blob-locations.json'), 'utf8'))[reg.url][sha256(readFileSync(fresh))]).toEqual([
      'second/mountme',
      'first/mountme',
    ]);
  });

  it('pushes a PAR with the provider media types, chunked when large, annotations and a config file included', async () => {
    const config = join(dir, 'config.json');
    writeFileSync(config, '{"hello":"world"}');
    const result = await pushArtifact({
      reference: `${reg.url}/providers/test:0.2.0`,
      file: par,
      insecure: true,
      annotations: { 'org.opencontainers.image.version': '0.2.0', a: 'b' },
      configFile: config,
      monolithicMax: 1024,
      chunkSize: 4096,
    });
    expect(result.kind).toBe('provider');
    const raw = inspectRaw('providers/test:0.2.0');
    expect(sha256(raw)).toBe(result.digest);
    const manifest = JSON.parse(raw.toString());
    expect(manifest.config).toEqual({ mediaType: PROVIDER_CONFIG, digest: sha256('{"hello":"world"}'), size: 17 });
    expect(manifest.layers).toEqual([{ mediaType: PROVIDER_LAYER, digest: sha256(readFileSync(par)), size: readFileSync(par).length }]);
    expect(manifest.annotations).toEqual({ a: 'b', 'org.opencontainers.image.version': '0.2.0' });
    const layout = join(dir, 'par-copy');
    skopeo(['copy', '--src-tls-verify=false', `docker://${reg.url}/providers/test:0.2.0`, `oci:${layout}:x`]);
    expect(readFileSync(join(layout, 'blobs', 'sha256', manifest.layers[0].digest.split(':')[1])).equals(readFileSync(par))).toBe(true);
  });

  it("refuses 'latest' and tagless references unless allowLatest, as wash does", async () => {
    await expect(pushArtifact({ reference: `${reg.url}/echo:latest`, file: actor, insecure: true })).rejects.toThrow(/tag 'latest' is prohibited/);
    await expect(pushArtifact({ reference: `${reg.url}/echo`, file: actor, insecure: true })).rejects.toThrow(/tag 'latest' is prohibited/);
    const ok = await pushArtifact({ reference: `${reg.url}/echo`, file: actor, insecure: true, allowLatest: true });
    expect(ok.tag).toBe('latest');
  });

  it('refuses unsigned modules and other files with Unsupported artifact type', async () => {
    const unsigned = join(dir, 'unsigned.wasm');
    writeFileSync(unsigned, tinyModule());
    await expect(pushArtifact({ reference: `${reg.url}/x:1`, file: unsigned, insecure: true })).rejects.toThrow(/^Unsupported artifact type: .*not signed/);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello');
    await expect(pushArtifact({ reference: `${reg.url}/x:1`, file: text, insecure: true })).rejects.toThrow(/^Unsupported artifact type/);
    await expect(pushArtifact({ reference: `${reg.url}/x:1`, file: join(dir, 'missing.wasm'), insecure: true })).rejects.toThrow(/no such file/);
  });

  it('refuses a tampered actor (hash no longer matches)', async () => {
    const bytes = readFileSync(actor);
    bytes[20] ^= 0xff; // inside the padding section's payload, which the hash covers
    const tampered = join(dir, 'tampered.wasm');
    writeFileSync(tampered, bytes);
    await expect(pushArtifact({ reference: `${reg.url}/x:1`, file: tampered, insecure: true })).rejects.toThrow(/^Unsupported artifact type: .*hash/);
  });

  it('does not downgrade to HTTP without --insecure or WASMCLOUD_OCI_ALLOWED_INSECURE', async () => {
    await expect(pushArtifact({ reference: `${reg.url}/echo:9`, file: actor, env: {}, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } })).rejects.toThrow(
      /TLS handshake|--insecure/,
    );
    const viaEnv = await pushArtifact({ reference: `${reg.url}/echo:9`, file: actor, env: { WASMCLOUD_OCI_ALLOWED_INSECURE: `other:1,${reg.url}` } });
    expect(viaEnv.tag).toBe('9');
  });

  it('pushes to an OCI image layout that skopeo reads and copies to the registry', async () => {
    const layout = join(dir, 'layout');
    const result = await pushArtifact({ reference: `oci:${layout}:v1`, file: actor });
    const raw = skopeo(['inspect', '--raw', `oci:${layout}:v1`]);
    expect(sha256(raw)).toBe(result.digest);
    skopeo(['copy', '--dest-tls-verify=false', `oci:${layout}:v1`, `docker://${reg.url}/from-layout:v1`]);
    expect(sha256(inspectRaw('from-layout:v1'))).toBe(result.digest);
    const again = await pushArtifact({ reference: `oci:${layout}:v1`, file: actor });
    expect(again).toMatchObject({ uploaded: 0, digest: result.digest });
  });
});

describe('speculative upload of large artifacts (streamed while hashed and validated)', () => {
  let reg: LocalRegistry;
  const dir = tempDir();
  beforeAll(async () => {
    reg = await startLocalRegistry();
  });
  afterAll(async () => {
    await reg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const tuning = { insecure: true, digestCache: false as const, speculativeUploadMin: 1, monolithicMax: 1024, chunkSize: 8192 };

  it('pushes content the registry and skopeo agree on, and skips it when the registry has it', async () => {
    const par = await providerArchive(dir, 40_000);
    const first = await pushArtifact({ reference: `${reg.url}/spec/par:1`, file: par, ...tuning });
    expect(first).toMatchObject({ uploaded: 2, existing: 0 });
    const raw = skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${reg.url}/spec/par:1`]);
    expect(sha256(raw)).toBe(first.digest);
    const layout = join(dir, 'spec-copy');
    skopeo(['copy', '--src-tls-verify=false', `docker://${reg.url}/spec/par:1`, `oci:${layout}:x`]);
    expect(readFileSync(join(layout, 'blobs', 'sha256', sha256(readFileSync(par)).slice(7))).equals(readFileSync(par))).toBe(true);
    const again = await pushArtifact({ reference: `${reg.url}/spec/par:1`, file: par, ...tuning });
    expect(again).toMatchObject({ uploaded: 0, existing: 2, digest: first.digest });
  });

  it('commits nothing when validation fails part-way', async () => {
    const bogus = join(dir, 'bogus.par');
    writeFileSync(bogus, Buffer.alloc(50_000, 7));
    await expect(pushArtifact({ reference: `${reg.url}/spec/bogus:1`, file: bogus, ...tuning })).rejects.toThrow(/^Unsupported artifact type/);
    await expect(pushArtifact({ reference: `${reg.url}/spec/bogus:1`, file: bogus, ...tuning })).rejects.toThrow(/^Unsupported artifact type/);
    expect(() => skopeo(['inspect', '--raw', '--tls-verify=false', `docker://${reg.url}/spec/bogus:1`])).toThrow(/manifest unknown|not found/i);
  });
});
