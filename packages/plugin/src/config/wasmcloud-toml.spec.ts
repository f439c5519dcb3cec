import { parseCargoToml } from './cargo-toml';
import { mapWasmTarget, parseWasmcloudToml, PostClassicProject } from './wasmcloud-toml';

const FILE = 'actors/hello/wasmcloud.toml';

// The hello actor of wasmCloud/project-templates (actor/hello/wasmcloud.toml) and wash-lib's full parser fixture.
const HELLO = `name = "hello"\nlanguage = "rust"\ntype = "actor"\nversion = "0.1.0"\n\n[actor]\nclaims = ["wasmcloud:httpserver"]\n`;
const FULL = `language = "rust"
type = "actor"
name = "testactor"
version = "0.1.0"
revision = 666

[actor]
claims = ["wasmcloud:httpserver"]
registry = "localhost:8080"
push_insecure = false
key_directory = "./keys"
filename = "testactor.wasm"
wasm_target = "wasm32-unknown-unknown"
call_alias = "testactor"
tags = ["a", "b"]

[rust]
cargo_path = "./cargo"
target_path = "./target"
`;

describe('parseWasmcloudToml', () => {
  it('reads the hello template with wash defaults', () => {
    const p = parseWasmcloudToml(HELLO, FILE);
    expect(p).toMatchObject({ name: 'hello', version: '0.1.0', revision: 0, language: 'rust', type: 'actor', binName: 'hello' });
    expect(p.actor).toEqual({ claims: ['wasmcloud:httpserver'], pushInsecure: false, wasmTarget: 'wasm32-unknown-unknown', tags: [] });
  });

  it('reads every classic actor key', () => {
    const p = parseWasmcloudToml(FULL, FILE);
    expect(p.revision).toBe(666);
    expect(p.actor).toEqual({
      claims: ['wasmcloud:httpserver'],
      registry: 'localhost:8080',
      pushInsecure: false,
      keyDirectory: './keys',
      filename: 'testactor.wasm',
      wasmTarget: 'wasm32-unknown-unknown',
      callAlias: 'testactor',
      tags: ['a', 'b'],
    });
    expect(p.rust).toEqual({ cargoPath: './cargo', targetPath: './target' });
  });

  it('trims and lowercases language and type, as wash does', () => {
    const p = parseWasmcloudToml(HELLO.replace('"rust"', '" Rust "').replace('"actor"', '"ACTOR"'), FILE);
    expect(p.language).toBe('rust');
    expect(p.type).toBe('actor');
  });

  it('takes name, version and the lib name from Cargo.toml for rust', () => {
    const cargo = parseCargoToml('[package]\nname = "hello-1"\nversion = "1.2.3"\n[lib]\nname = "hello_1"\n', 'Cargo.toml');
    const p = parseWasmcloudToml('language = "rust"\ntype = "actor"\n[actor]\n', FILE, cargo);
    expect(p).toMatchObject({ name: 'hello-1', version: '1.2.3', binName: 'hello_1' });
  });

  it('prefers wasmcloud.toml values over Cargo.toml', () => {
    const cargo = parseCargoToml('[package]\nname = "other"\nversion = "9.9.9"\n', 'Cargo.toml');
    expect(parseWasmcloudToml(HELLO, FILE, cargo)).toMatchObject({ name: 'hello', version: '0.1.0' });
  });

  it('derives the wasm stem like cargo_toml: dashes to underscores without a [lib] table', () => {
    const cargo = parseCargoToml('[package]\nname = "my-actor"\nversion = "0.1.0"\n', 'Cargo.toml');
    expect(parseWasmcloudToml('language = "rust"\ntype = "actor"\n[actor]\n', FILE, cargo).binName).toBe('my_actor');
  });

  it('names the wasm after the package when [lib] has no name, not after a wasmcloud.toml name with spaces', () => {
    // wasmCloud/examples actor/hello: name = "Hello World", Cargo [package] name = "hello", [lib] without name.
    const cargo = parseCargoToml('[package]\nname = "hello-app"\nversion = "0.1.7"\n[lib]\ncrate-type = ["cdylib", "rlib"]\n', 'Cargo.toml');
    const p = parseWasmcloudToml('name = "Hello World"\nlanguage = "rust"\ntype = "actor"\n[actor]\nclaims = []\n', FILE, cargo);
    expect(p).toMatchObject({ name: 'Hello World', version: '0.1.7', binName: 'hello_app' });
  });

  it('names a provider binary after the first [[bin]]', () => {
    const cargo = parseCargoToml('[package]\nname = "fact-prov"\nversion = "0.1.0"\n[[bin]]\nname = "fact_prov"\npath = "src/main.rs"\n', 'Cargo.toml');
    const p = parseWasmcloudToml('language = "rust"\ntype = "provider"\n[provider]\ncapability_id = "wasmcloud:example"\n', FILE, cargo);
    expect(p.binName).toBe('fact_prov');
    expect(p.provider).toEqual({ capabilityId: 'wasmcloud:example', vendor: 'NoVendor' });
  });

  it('gives interfaces wash defaults', () => {
    const p = parseWasmcloudToml('name = "i"\nversion = "0.1.0"\nlanguage = "rust"\ntype = "interface"\n[interface]\n', FILE);
    expect(p.interface).toEqual({ htmlTarget: './html', codegenConfig: './codegen.toml' });
  });

  it('ignores unknown keys, as serde does without deny_unknown_fields', () => {
    expect(parseWasmcloudToml(`${HELLO}\nsomething = 1\n[extra]\nx = 2\n`, FILE)).toEqual(parseWasmcloudToml(HELLO, FILE));
  });

  it('never reads WASMCLOUD_* overrides from the environment', () => {
    process.env.WASMCLOUD_VERSION = 'v0.61.0';
    process.env.WASMCLOUD_NAME = 'intruder';
    try {
      expect(parseWasmcloudToml(HELLO, FILE)).toMatchObject({ name: 'hello', version: '0.1.0' });
    } finally {
      delete process.env.WASMCLOUD_VERSION;
      delete process.env.WASMCLOUD_NAME;
    }
  });

  it.each([
    ['not toml', 'name = ', /actors\/hello\/wasmcloud\.toml: not valid TOML/],
    ['missing language', 'type = "actor"\nname="a"\nversion="0.1.0"\n[actor]', /wasmcloud\.toml: language is missing/],
    ['unknown language', HELLO.replace('"rust"', '"cobol"'), /wasmcloud\.toml: language "cobol" is unknown; use "rust" or "tinygo"/],
    ['unknown type', HELLO.replace('"actor"', '"daemon"'), /wasmcloud\.toml: type "daemon" is unknown/],
    ['two-part version', HELLO.replace('0.1.0', '0.1'), /wasmcloud\.toml: version "0\.1" is not a semantic version/],
    ['revision not an integer', `revision = "1"\n${HELLO}`, /wasmcloud\.toml: revision must be a 32-bit integer, got "1"/],
    ['revision too large', `revision = 4294967296\n${HELLO}`, /wasmcloud\.toml: revision must be a 32-bit integer/],
    ['claims not a list', HELLO.replace('["wasmcloud:httpserver"]', '"wasmcloud:httpserver"'), /wasmcloud\.toml: actor\.claims must be an array of strings/],
    ['missing actor table', 'name = "a"\nlanguage = "rust"\ntype = "actor"\nversion = "0.1.0"\n', /wasmcloud\.toml: actor table is missing/],
    // (A provider with no capability_id at all is a wasmCloud 1.x provider: skipped, see below.)
    [
      'empty capability id',
      'name = "p"\nlanguage = "rust"\ntype = "provider"\nversion = "0.1.0"\n[provider]\ncapability_id = " "\n',
      /wasmcloud\.toml: provider\.capability_id is missing/,
    ],
    [
      'bad call alias',
      `${HELLO}call_alias = "Bad-Alias"\n`,
      /wasmcloud\.toml: actor\.call_alias 'Bad-Alias' may only contain lowercase letters, digits, '_' and '\/'$/,
    ],
    ['empty call alias', `${HELLO}call_alias = ""\n`, /wasmcloud\.toml: actor\.call_alias must not be empty$/],
    // wash's rule is "56 characters equal to their upper case", so 56 underscores count as a key.
    [
      'call alias shaped like a public key',
      `${HELLO}call_alias = "${'_'.repeat(56)}"\n`,
      /wasmcloud\.toml: actor\.call_alias '_{56}' looks like a public key; choose another alias$/,
    ],
    ['push_insecure not bool', `${HELLO}push_insecure = "yes"\n`, /wasmcloud\.toml: actor\.push_insecure must be true or false/],
    ['tinygo without name', 'language = "tinygo"\ntype = "actor"\nversion = "0.1.0"\n[actor]\n', /wasmcloud\.toml: name is missing/],
    ['rust without name, version or Cargo.toml', 'language = "rust"\ntype = "actor"\n[actor]\n', /name and version are missing and there is no Cargo\.toml/],
  ])('rejects %s with one line naming the file and key', (_case, text, message) => {
    let err: unknown;
    try {
      parseWasmcloudToml(text, FILE);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ isUserError: true });
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain('\n');
  });

  it("maps wasm_target as wash-lib's WasmTarget does", () => {
    const actor = (t: string) => parseWasmcloudToml(`${HELLO}wasm_target = "${t}"\n`, FILE).actor;
    expect(actor('wasm32-wasi-preview1')).toMatchObject({ wasmTarget: 'wasm32-wasi', wasi: 'preview1' });
    expect(actor('wasm32-wasi-preview2')).toMatchObject({ wasmTarget: 'wasm32-wasi', wasi: 'preview2' });
    expect(actor('wasm32-wasi')).toMatchObject({ wasmTarget: 'wasm32-wasi', wasi: 'preview1' });
    expect(mapWasmTarget('wasm32-unknown-unknown')).toEqual({ wasmTarget: 'wasm32-unknown-unknown' });
    expect(mapWasmTarget('something-else')).toEqual({ wasmTarget: 'wasm32-unknown-unknown' });
  });

  it('tells a wasmCloud 1.x file apart, saying why', () => {
    const why = (text: string) => {
      try {
        parseWasmcloudToml(text, FILE);
      } catch (e) {
        expect(e).toBeInstanceOf(PostClassicProject);
        return (e as PostClassicProject).reason;
      }
      throw new Error('parsed');
    };
    expect(why('name = "c"\nlanguage = "rust"\ntype = "component"\nversion = "0.1.0"\n[component]\nwit_world = "hello"\n')).toBe('type = "component"');
    expect(why('name = "c"\nlanguage = "go"\ntype = "actor"\nversion = "0.1.0"\n')).toBe('language = "go"');
    expect(why('name = "c"\nlanguage = "TypeScript"\ntype = "component"\nversion = "0.1.0"\n')).toBe('type = "component"');
    expect(why('name = "p"\nlanguage = "rust"\ntype = "provider"\nversion = "0.1.0"\n[provider]\nvendor = "x"\n')).toBe(
      'a provider without [provider] capability_id',
    );
    expect(() => parseWasmcloudToml(text('cobol'), FILE)).toThrow('language "cobol" is unknown');
    function text(lang: string) {
      return HELLO.replace('"rust"', `"${lang}"`);
    }
  });
});
