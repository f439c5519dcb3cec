import { createHash } from 'node:crypto';
import { buildManifest, parsePulledManifest } from './manifest';
import { ACTOR_CONFIG, ACTOR_LAYER, OCI_TAR_LAYER, WASM_LAYER } from './media-types';

const EMPTY = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';
const LAYER = 'sha256:' + 'b'.repeat(64);

describe('buildManifest', () => {
  it('writes the wash 0.28 manifest as canonical JSON: sorted keys, compact, annotations {}', () => {
    const { bytes, digest } = buildManifest({ mediaType: ACTOR_CONFIG, digest: EMPTY, size: 2 }, [{ mediaType: ACTOR_LAYER, digest: LAYER, size: 751 }]);
    // Written out by hand from oci-distribution 0.9's OciImageManifest with serde field names, keys sorted.
    const expected =
      '{"annotations":{},"config":{"digest":"' +
      EMPTY +
      '","mediaType":"application/vnd.wasmcloud.actor.archive.config","size":2},' +
      '"layers":[{"digest":"' +
      LAYER +
      '","mediaType":"application/vnd.module.wasm.content.layer.v1+wasm","size":751}],"schemaVersion":2}';
    expect(bytes.toString()).toBe(expected);
    expect(digest).toBe('sha256:' + createHash('sha256').update(expected).digest('hex'));
  });

  it('sorts annotation keys too', () => {
    const { bytes } = buildManifest({ mediaType: ACTOR_CONFIG, digest: EMPTY, size: 2 }, [], { zeta: '1', alpha: '2' });
    expect(bytes.toString()).toMatch(/^\{"annotations":\{"alpha":"2","zeta":"1"\},/);
  });
});

describe('parsePulledManifest', () => {
  const manifest = (layers: unknown[], extra: Record<string, unknown> = {}) =>
    Buffer.from(JSON.stringify({ schemaVersion: 2, config: { mediaType: 'x', digest: EMPTY, size: 2 }, layers, ...extra }));

  it('accepts the layer types wash accepts, and oras file layers by their title', () => {
    for (const t of [ACTOR_LAYER, WASM_LAYER, OCI_TAR_LAYER]) {
      expect(parsePulledManifest(manifest([{ mediaType: t, digest: LAYER, size: 1 }]), 'r').layers).toHaveLength(1);
    }
    const oras = manifest([
      { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: LAYER, size: 1, annotations: { 'org.opencontainers.image.title': 'echo.wasm' } },
    ]);
    expect(parsePulledManifest(oras, 'r').layers).toEqual([
      expect.objectContaining({ digest: LAYER, annotations: { 'org.opencontainers.image.title': 'echo.wasm' } }),
    ]);
  });

  it('rejects other layer types, no layers, indexes and non-JSON with messages naming the reference', () => {
    expect(() => parsePulledManifest(manifest([{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: LAYER, size: 1 }]), 'reg/x:1')).toThrow(
      /reg\/x:1 has a layer of type application\/vnd.oci.image.layer.v1.tar\+gzip/,
    );
    expect(() => parsePulledManifest(manifest([]), 'reg/x:1')).toThrow(/has no layers/);
    expect(() => parsePulledManifest(Buffer.from('{"schemaVersion":2,"manifests":[]}'), 'reg/x:1')).toThrow(/image index/);
    expect(() => parsePulledManifest(Buffer.from('nope'), 'reg/x:1')).toThrow(/not JSON/);
    expect(() => parsePulledManifest(Buffer.from('{"schemaVersion":1}'), 'reg/x:1')).toThrow(/not an OCI image manifest/);
  });
});
