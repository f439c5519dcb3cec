import { hostCachePaths, libCacheDir, ociCacheDir, rustTempDir } from './host-cache';

describe('host cache paths', () => {
  it('matches the file name wash_par.rs expects for foo.bar.io/httpclient:0.3.5', () => {
    expect(hostCachePaths('foo.bar.io/httpclient:0.3.5', { TMPDIR: '/t' })).toEqual({
      bin: '/t/wasmcloud_ocicache/foo_bar_io_httpclient_0_3_5.bin',
      digest: '/t/wasmcloud_ocicache/foo_bar_io_httpclient_0_3_5.digest',
    });
  });

  it('lowercases and uses $TMPDIR, else /tmp, ignoring TMP/TEMP like Rust temp_dir()', () => {
    expect(hostCachePaths('LocalHost:5000/Echo:V1', { TMP: '/nope' }).bin).toBe('/tmp/wasmcloud_ocicache/localhost_5000_echo_v1.bin');
    expect(rustTempDir({ TMPDIR: '' })).toBe('/tmp');
    expect(ociCacheDir({ TMPDIR: '/x' })).toBe('/x/wasmcloud_ocicache');
    expect(libCacheDir({ TMPDIR: '/x' })).toBe('/x/wasmcloudcache');
  });
});
