import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A temp directory populated from a { path: text } map; removed by `cleanup`. */
export function tempTree(files: Record<string, string>, prefix = 'nxwc-unit-'): { root: string; write(files: Record<string, string>): void; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const write = (more: Record<string, string>) => {
    for (const [p, text] of Object.entries(more)) {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), text);
    }
  };
  write(files);
  return { root, write, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export const HELLO_TOML =
  'name = "hello"\nlanguage = "rust"\ntype = "actor"\nversion = "0.1.0"\n\n[actor]\nclaims = ["wasmcloud:httpserver", "example:interfaces:factorial"]\n';
export const PROVIDER_TOML =
  'name = "fact"\nlanguage = "rust"\ntype = "provider"\nversion = "0.2.0"\n\n[provider]\ncapability_id = "example:interfaces:factorial"\nvendor = "Acme"\n';
export const FACTORIAL_SMITHY =
  'namespace org.example.fact\n\nuse org.wasmcloud.model#wasmbus\nuse org.wasmcloud.model#U32\nuse org.wasmcloud.model#U64\n\n@wasmbus(contractId: "example:interfaces:factorial", actorReceive: true, providerReceive: true)\nservice Factorial {\n  version: "0.1",\n  operations: [ Calculate ]\n}\n\noperation Calculate {\n  input: U32,\n  output: U64\n}\n';
export const CODEGEN_TOML =
  '[[models]]\nurl = "https://wasmcloud.github.io/interfaces/idl/org.wasmcloud"\nfiles = [ "wasmcloud-core.smithy", "wasmcloud-model.smithy" ]\n\n[[models]]\npath = "."\nfiles = [ "factorial.smithy" ]\n\n[html]\noutput_dir = "html"\n\n[rust]\noutput_dir = "rust"\n\n[[rust.files]]\npath = "src/factorial.rs"\nnamespace = "org.example.fact"\n';

/** A tiny actor module in WAT with the wasmbus guest ABI shape (compiled by wat2wasm in tests). */
export const ACTOR_WAT = `(module
  (import "wasmbus" "__guest_request" (func $req (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "__wasmbus_rpc_version") (result i32) i32.const 1)
  (func (export "__guest_call") (param i32 i32) (result i32) i32.const 1))
`;
