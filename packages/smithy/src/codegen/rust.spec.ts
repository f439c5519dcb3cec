import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '../model';
import { FIXTURES, golden, requireRustfmt } from '../test-support/fixtures';
import { generateRust, generateRustChunks } from './rust';

/** Our generator + rustfmt, as weld's rust_build writes files. */
function rustfmt(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'smithy-rs-'));
  try {
    const file = join(dir, 'x.rs');
    writeFileSync(file, source);
    execFileSync('rustfmt', ['--edition', '2021', file]);
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('generateRust (weld-codegen 0.7.0 layout)', () => {
  beforeAll(() => requireRustfmt());

  it.each([
    ['calc', ['calc/calc.smithy'], 'org.example.interface.calc'],
    ['shapes', ['shapes/shapes.smithy'], 'org.example.interface.shapes'],
    ['traits', ['traits/traits.smithy', 'traits/other.smithy'], 'org.example.traits'],
  ])('%s.rs equals its reviewed golden after rustfmt', (name, files, namespace) => {
    const model = loadModel(files.map((f) => join(FIXTURES, f)));
    expect(rustfmt(generateRust(model, { namespace }))).toBe(golden(`${name}.rs`));
  });

  const calc = () => generateRust(loadModel([join(FIXTURES, 'calc/calc.smithy')]), { namespace: 'org.example.interface.calc' });

  it('writes what weld writes for a msgpack service: trait, receiver on bare names, sender on Service.Op', () => {
    const rs = rustfmt(calc());
    expect(rs).toContain('fn contract_id() -> &\'static str {\n        "example:calc"\n    }');
    expect(rs).toContain('async fn random_32(&self, ctx: &Context) -> RpcResult<u32>;');
    expect(rs).toContain('async fn describe<TS: ToString + ?Sized + std::marker::Sync>(');
    expect(rs).toContain('async fn reset_all(&self, ctx: &Context) -> RpcResult<()>;'); // @rename lang "Rust"
    expect(rs).toContain('"Random32" => {');
    expect(rs).toContain('method: "Calc.Random32",');
    expect(rs).toContain('let buf = wasmbus_rpc::common::serialize(&arg.to_string())?;');
    expect(rs).not.toContain('fn ping'); // unbound operation
    expect(rs).toContain("pub fn for_actor(ld: &'send wasmbus_rpc::core::LinkDefinition)");
    expect(rs).toContain('pub fn new_with_link(link_name: &str) -> wasmbus_rpc::error::RpcResult<Self>');
  });

  it('handles the remaining wasmCloud and prelude traits as weld does', () => {
    const rs = golden('traits.rs');
    expect(rs).toContain('pub type Level = i32;'); // @unsignedInt on a user shape does not change its Rust type
    expect(rs).toContain('#[derive(Clone, Debug, Deserialize, Eq, PartialEq, Serialize)]\npub struct Marker {'); // @trait: no Default
    expect(rs).not.toContain('pub fn encode_marker'); // nor CBOR code
    expect(rs).toContain('    #[serde(default, skip_serializing_if = "Option::is_none")]\n    pub count: Option<i32>,'); // @box
    expect(rs).toContain('    #[serde(rename = "u64")]\n    #[serde(default, skip_serializing_if = "Option::is_none")]\n    pub u_64: Option<u64>,'); // Inflector: digits split words
    expect(rs).toContain('pub remote: Option<example_other::model::Remote>,'); // crate from metadata package
    expect(rs).toContain('example_other::model::decode_remote(d)');
    expect(rs).toContain('/// A record\n/// @unstable\n');
    expect(rs).toContain('    /// never logged\n'); // applied from another file
    expect(rs).toContain('#[deprecated(since = "0.2", note = "use Store")]');
  });

  it('gives the same text in pieces as in one string', () => {
    const model = loadModel([join(FIXTURES, 'calc/calc.smithy')]);
    const options = { namespace: 'org.example.interface.calc' };
    const pieces = Array.from(generateRustChunks(model, options));
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.join('')).toBe(generateRust(model, options));
  });

  it('uses `crate::` inside wasmbus_rpc and omits CBOR code with no_serde', () => {
    const model = loadModel([join(FIXTURES, 'calc/calc.smithy')]);
    const inCrate = generateRust(model, { namespace: 'org.example.interface.calc', params: { crate: 'wasmbus_rpc' } });
    expect(inCrate).toContain('use crate::{');
    expect(generateRust(model, { namespace: 'org.example.interface.calc', params: { no_serde: true } })).not.toContain('pub fn encode_');
  });

  it('fails clearly for a namespace without crate metadata and for a too-new min_version', () => {
    const model = loadModel([
      { file: 'a', text: 'namespace ex.a\nstructure A { b: ex.b#B }' },
      { file: 'b', text: 'namespace ex.b\nstring B' },
    ]);
    expect(() => generateRust(model, { namespace: 'ex.a' })).toThrow("undefined crate for namespace 'ex.b' symbol 'B'");
    const newer = loadModel([{ file: 'a', text: 'metadata codegen = [{ language: "rust", min_version: "9.0.0" }]\nnamespace ex\nstring A' }]);
    expect(() => generateRust(newer, { namespace: 'ex' })).toThrow('model requires weld-codegen version >= 9.0.0');
  });
});
