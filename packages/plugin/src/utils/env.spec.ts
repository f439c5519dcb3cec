import { isProjectOverride, toolEnv } from './env';

describe('toolEnv', () => {
  it('drops the variables wash would overlay onto wasmcloud.toml, keeps the rest', () => {
    const env = toolEnv({
      WASMCLOUD_VERSION: 'v0.61.0',
      WASMCLOUD_NAME: 'x',
      WASMCLOUD_TYPE: 'provider',
      WASMCLOUD_LANGUAGE: 'tinygo',
      WASMCLOUD_RUST_CARGO_PATH: '/bin/false',
      WASMCLOUD_OCI_ALLOWED_INSECURE: 'localhost:5000',
      WASMCLOUD_CLUSTER_SEED: 'kept',
      PATH: '/usr/bin',
    });
    expect(env).toEqual({ WASMCLOUD_OCI_ALLOWED_INSECURE: 'localhost:5000', WASMCLOUD_CLUSTER_SEED: 'kept', PATH: '/usr/bin' });
  });

  it('matches case-insensitively, as config-rs lowercases keys', () => {
    expect(isProjectOverride('wasmcloud_version')).toBe(true);
    expect(isProjectOverride('WASMCLOUD_VERSIONS')).toBe(false);
  });
});
