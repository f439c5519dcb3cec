import { DEFAULT_MAX_ARTIFACT_BYTES, formatBytes, maxArtifactBytes, tooLarge } from './limits';

describe('maxArtifactBytes', () => {
  it('defaults to 512 MiB', () => {
    expect(maxArtifactBytes(undefined, {})).toBe(512 * 1024 * 1024);
    expect(DEFAULT_MAX_ARTIFACT_BYTES).toBe(536870912);
  });

  it('reads the option, then NX_WASMCLOUD_OCI_MAX_BYTES with binary units', () => {
    expect(maxArtifactBytes(1000, { NX_WASMCLOUD_OCI_MAX_BYTES: '5' })).toBe(1000);
    expect(maxArtifactBytes(undefined, { NX_WASMCLOUD_OCI_MAX_BYTES: '4096' })).toBe(4096);
    expect(maxArtifactBytes(undefined, { NX_WASMCLOUD_OCI_MAX_BYTES: '2GiB' })).toBe(2 * 1024 ** 3);
    expect(maxArtifactBytes(undefined, { NX_WASMCLOUD_OCI_MAX_BYTES: '700m' })).toBe(700 * 1024 ** 2);
  });

  it.each(['lots', '-1', '0', '1.5G', '99999999999999999999'])('refuses %s with one line naming the variable', (v) => {
    expect(() => maxArtifactBytes(undefined, { NX_WASMCLOUD_OCI_MAX_BYTES: v })).toThrow(/^NX_WASMCLOUD_OCI_MAX_BYTES='.*' is not a size/);
  });

  it('says how to raise it', () => {
    expect(formatBytes(3 << 20)).toBe('3 MiB');
    expect(tooLarge('layer x', 2 ** 53, 1 << 20).message).toBe(
      'layer x is 8388608 GiB, more than the 1 MiB limit: if it is genuine, raise the limit with NX_WASMCLOUD_OCI_MAX_BYTES=<bytes> (e.g. 2GiB)',
    );
  });
});
