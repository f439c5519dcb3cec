import * as api from './index';

describe('public API', () => {
  it('exports the functions agreed in the helper brief', () => {
    for (const name of ['parseReference', 'pushArtifact', 'pullArtifact', 'drain', 'startLocalRegistry']) {
      expect(typeof (api as Record<string, unknown>)[name]).toBe('function');
    }
  });

  it('exports the artifact size limit and its variable', () => {
    expect(api.DEFAULT_MAX_ARTIFACT_BYTES).toBe(512 * 1024 * 1024);
    expect(api.MAX_BYTES_ENV).toBe('NX_WASMCLOUD_OCI_MAX_BYTES');
    expect(api.maxArtifactBytes(undefined, { NX_WASMCLOUD_OCI_MAX_BYTES: '1GiB' })).toBe(1 << 30);
  });
});
