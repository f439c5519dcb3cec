import { parseCargoToml } from './cargo-toml';

describe('parseCargoToml', () => {
  it('reads package, lib, bins and path dependencies from every dependency table', () => {
    const m = parseCargoToml(
      `[package]
name = "a"
version = "0.2.0"

[lib]
name = "a_lib"

[[bin]]
name = "a_bin"

[dependencies]
serde = "1"
shared = { path = "../shared" }

[dev-dependencies]
helper = { path = "../helper", version = "0.1" }

[build-dependencies]
gen = { path = "gen" }

[target.'cfg(unix)'.dependencies]
unixy = { path = "../unixy" }
`,
      'a/Cargo.toml',
    );
    expect(m).toEqual({
      packageName: 'a',
      version: '0.2.0',
      libName: 'a_lib',
      hasLibTable: true,
      binNames: ['a_bin'],
      pathDependencies: ['../shared', '../helper', 'gen', '../unixy'],
    });
  });

  it('reports no lib table when there is none', () => {
    expect(parseCargoToml('[package]\nname = "x"\n', 'Cargo.toml')).toMatchObject({ hasLibTable: false, libName: undefined, binNames: [] });
  });

  it('names the file in a syntax error', () => {
    expect(() => parseCargoToml('[package\n', 'x/Cargo.toml')).toThrow(/^x\/Cargo\.toml: not valid TOML/);
  });
});
