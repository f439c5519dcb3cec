// What the packages of this repository can do right now, read from their built output. A step
// asks for the capabilities it needs and fails with a message naming what is missing, rather
// than being skipped; the demo uses the same checks to say what it skipped and why.
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./exec');

class MissingCapability extends Error {
  constructor(what) {
    super(`missing capability: ${what}`);
    this.name = 'MissingCapability';
    this.isMissingCapability = true;
  }
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The plugin as installed in a workspace (`root` = that workspace), else this repository's. */
function pluginDir(root) {
  const installed = path.join(root, 'node_modules/@nx-wasmcloud/plugin');
  return fs.existsSync(path.join(installed, 'package.json')) ? installed : path.join(root, 'packages/plugin');
}

/** Names declared in the plugin's generators.json / executors.json (via package.json fields). */
function pluginCollection(kind, root = ROOT) {
  const dir = pluginDir(root);
  const pkg = readJson(path.join(dir, 'package.json')) || {};
  const file = pkg[kind] ? path.join(dir, pkg[kind]) : path.join(dir, `${kind}.json`);
  const json = readJson(file);
  const entries = json && (json[kind] || json.generators || json.executors);
  const names = entries ? Object.keys(entries) : [];
  const shipped = Array.isArray(pkg.files) && pkg[kind] ? pkg.files.some((f) => pkg[kind].replace(/^\.\//, '').startsWith(f.replace(/^\.\//, ''))) : false;
  return { names, declared: Boolean(pkg[kind]), shipped };
}

function loadDist(name, root = ROOT) {
  const file = path.join(root, 'packages', name, 'dist/index.js');
  if (!fs.existsSync(file)) return undefined;
  return require(file);
}

/** Throws MissingCapability unless the plugin declares generator `name` in a file it publishes. */
function requireGenerator(name, root = ROOT) {
  const g = pluginCollection('generators', root);
  if (!g.declared) throw new MissingCapability(`@nx-wasmcloud/plugin declares no "generators" in its package.json`);
  if (!g.names.includes(name)) throw new MissingCapability(`@nx-wasmcloud/plugin has no generator "${name}" (has: ${g.names.join(', ') || 'none'})`);
}

function requireExecutor(name, root = ROOT) {
  const e = pluginCollection('executors', root);
  if (!e.declared) throw new MissingCapability(`@nx-wasmcloud/plugin declares no "executors" in its package.json`);
  if (!e.names.includes(name)) throw new MissingCapability(`@nx-wasmcloud/plugin has no executor "${name}" (has: ${e.names.join(', ') || 'none'})`);
}

function requireExport(pkg, name, root = ROOT) {
  const mod = loadDist(pkg, root);
  if (!mod) throw new MissingCapability(`@nx-wasmcloud/${pkg} is not built (no packages/${pkg}/dist/index.js)`);
  if (typeof mod[name] !== 'function') throw new MissingCapability(`@nx-wasmcloud/${pkg} does not export ${name}()`);
  return mod[name];
}

/** Throws MissingCapability unless a target of project `project` exists in the workspace graph. */
function requireTarget(projectJson, project, target) {
  const targets = Object.keys((projectJson && projectJson.targets) || {});
  if (!targets.includes(target)) {
    throw new MissingCapability(`project "${project}" has no "${target}" target (has: ${targets.join(', ') || 'none'})`);
  }
}

module.exports = { MissingCapability, pluginCollection, requireGenerator, requireExecutor, requireExport, requireTarget, loadDist };
