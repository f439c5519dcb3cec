// Set-up shared by the benchmarks that run Nx on generated workspaces (nx-cache-oci.js,
// plugin-graph.js, dev-loop.js): command-line numbers, a workspace's node_modules, its actor and provider
// projects with their build outputs in place, their keys, and the environment Nx runs in.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../../..');

/** `--name=value` from argv, else `fallback`. */
const arg = (name, fallback) => (process.argv.find((a) => a.startsWith(`--${name}=`)) ?? `=${fallback}`).split('=')[1];
const pad = (n, w) => String(n).padStart(w, '0');
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const write = (file, data) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
};

/**
 * node_modules in `dir` as after `npm install` (any earlier one replaced): links to the workspace's
 * third-party packages and a copy of each built package in `packages`, so a rebuild of dist/ running
 * at the same time cannot pull them away. The workspace's .bin is left out: its links resolve into
 * the live packages (nx-wasmcloud -> packages/cli), which the copy is there to avoid.
 */
function installNodeModules(dir, packages = ['plugin', 'wascap', 'par', 'oci', 'smithy']) {
  const nm = path.join(dir, 'node_modules');
  fs.rmSync(nm, { recursive: true, force: true });
  fs.mkdirSync(path.join(nm, '@nx-wasmcloud'), { recursive: true });
  for (const e of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
    if (e !== '@nx-wasmcloud' && e !== '.bin') fs.symlinkSync(path.join(ROOT, 'node_modules', e), path.join(nm, e));
  }
  for (const pkg of packages) {
    const from = path.join(ROOT, 'packages', pkg);
    const to = path.join(nm, '@nx-wasmcloud', pkg);
    for (const f of ['package.json', 'executors.json', 'generators.json', 'bin', 'dist']) {
      if (fs.existsSync(path.join(from, f))) fs.cpSync(path.join(from, f), path.join(to, f), { recursive: true });
    }
    if (fs.existsSync(path.join(from, 'node_modules'))) fs.symlinkSync(path.join(from, 'node_modules'), path.join(to, 'node_modules'));
  }
  return nm;
}

/** The build outputs sign and par read, made in `tmp`: a minimal actor module, a native binary, the host triple. */
function buildOutputs(tmp) {
  const wat = path.join(tmp, 'a.wat');
  fs.writeFileSync(wat, '(module (memory (export "memory") 1) (func (export "__guest_call") (param i32 i32) (result i32) i32.const 1))\n');
  execFileSync('wat2wasm', [wat, '-o', path.join(tmp, 'a.wasm')]);
  fs.writeFileSync(path.join(tmp, 'p.c'), 'int main(void) { return 0; }\n');
  execFileSync('cc', ['-O2', '-o', path.join(tmp, 'p'), path.join(tmp, 'p.c')]);
  const triple = execFileSync('rustc', ['-vV'], { encoding: 'utf8' }).match(/host: (\S+)/)[1];
  return { wasm: fs.readFileSync(path.join(tmp, 'a.wasm')), provider: fs.readFileSync(path.join(tmp, 'p')), triple };
}

/** A Rust actor project as the generator writes it, with its built module in build/; returns {name, bin}. */
function writeActor(ws, name, claims, wasm) {
  const bin = name.replace(/-/g, '_');
  const d = path.join(ws, 'actors', name);
  write(
    path.join(d, 'wasmcloud.toml'),
    `name = "${name}"\nlanguage = "rust"\ntype = "actor"\nversion = "0.1.0"\n\n[actor]\nclaims = [${claims.map((c) => `"${c}"`).join(', ')}]\n`,
  );
  write(path.join(d, 'Cargo.toml'), `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[lib]\ncrate-type = ["cdylib"]\nname = "${bin}"\n`);
  write(path.join(d, 'src/lib.rs'), `// ${name}\n`);
  write(path.join(d, 'build', `${bin}.wasm`), wasm);
  return { name, bin };
}

/** A Rust provider project, with its built binary for `triple` in build/bin; returns {name, bin}. */
function writeProvider(ws, name, capabilityId, { provider, triple }) {
  const bin = name.replace(/-/g, '_');
  const d = path.join(ws, 'providers', name);
  write(
    path.join(d, 'wasmcloud.toml'),
    `name = "${name}"\nlanguage = "rust"\ntype = "provider"\nversion = "0.1.0"\n\n[provider]\ncapability_id = "${capabilityId}"\nvendor = "bench"\n`,
  );
  write(path.join(d, 'Cargo.toml'), `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n\n[[bin]]\nname = "${bin}"\npath = "src/main.rs"\n`);
  write(path.join(d, 'src/main.rs'), 'fn main() {}\n');
  const exe = path.join(d, 'build/bin', triple, bin);
  write(exe, provider);
  fs.chmodSync(exe, 0o755);
  return { name, bin };
}

/** The account key and each actor's module key and provider's service key, generated in `keys` before Nx runs. */
async function makeKeys(keys, tree) {
  const { resolveKeyPair } = require(path.join(ROOT, 'packages/wascap/dist/index.js'));
  const env = { ...process.env, WASH_KEYS: keys };
  const quiet = () => {};
  await resolveKeyPair({ role: 'account', directory: keys, env, notice: quiet });
  for (const a of tree.actors) await resolveKeyPair({ role: 'module', name: a.bin, directory: keys, env, notice: quiet });
  for (const p of tree.providers) await resolveKeyPair({ role: 'service', name: p.bin, directory: keys, env, notice: quiet });
}

/** The environment of an Nx run in `ws`: no NX_/WASH_ settings of the caller, no cloud, no TUI, fixed time, plus `extra`. */
function nxEnv(ws, keys, extra) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('NX_') || k.startsWith('WASH_')) delete env[k];
  return Object.assign(env, {
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NX_WORKSPACE_DATA_DIRECTORY: path.join(ws, '.nx/workspace-data'),
    WASH_KEYS: keys,
    SOURCE_DATE_EPOCH: '1700000000',
    FORCE_COLOR: '0',
    ...extra,
  });
}

/** The Nx version the benchmark runs (the workspace's). */
const nxVersion = () => require(path.join(ROOT, 'node_modules/nx/package.json')).version;

module.exports = { ROOT, arg, pad, median, write, installNodeModules, buildOutputs, writeActor, writeProvider, makeKeys, nxEnv, nxVersion };
