// Publishes every public workspace package to a local registry at a test version, without
// touching the sources: each package is staged in a temp dir (package.json with the version
// and the internal @nx-wasmcloud/* dependency versions rewritten, plus the files npm would
// pack: `files`, README, LICENSE, bin) and published from there with tag `e2e`.
const fs = require('node:fs');
const path = require('node:path');
const { run, ROOT } = require('./exec');
const { npmrcFor } = require('./verdaccio');

const SCOPE = '@nx-wasmcloud/';
const DEP_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies'];
// npm would run these on publish; the staged copy is already built and has no sources.
const LIFECYCLE = ['prepublish', 'prepublishOnly', 'prepack', 'prepare', 'postpack', 'publish', 'postpublish'];

/** A version no earlier run used, so npm's cache can never hand back older bytes. */
function testVersion(base = '0.0.0') {
  const core = base.replace(/[-+].*$/, '');
  return `${core}-e2e.${Date.now()}.${process.pid}`;
}

function workspacePackages(root = ROOT) {
  const dir = path.join(root, 'packages');
  return fs
    .readdirSync(dir)
    .map((name) => path.join(dir, name))
    .filter((p) => fs.existsSync(path.join(p, 'package.json')))
    .map((p) => ({ dir: p, json: JSON.parse(fs.readFileSync(path.join(p, 'package.json'), 'utf8')) }))
    .filter((p) => !p.json.private && p.json.name && p.json.name.startsWith(SCOPE));
}

function rewriteManifest(json, version) {
  const out = { ...json, version };
  for (const field of DEP_FIELDS) {
    if (!json[field]) continue;
    out[field] = { ...json[field] };
    for (const name of Object.keys(out[field])) if (name.startsWith(SCOPE)) out[field][name] = version;
  }
  if (json.scripts) {
    out.scripts = { ...json.scripts };
    for (const hook of LIFECYCLE) delete out.scripts[hook];
  }
  return out;
}

function filesToStage(pkgDir, json) {
  const entries = new Set();
  for (const f of json.files || []) if (!f.startsWith('!')) entries.add(f.replace(/\/\*\*?.*$/, '').replace(/\/$/, ''));
  if (json.bin) for (const b of typeof json.bin === 'string' ? [json.bin] : Object.values(json.bin)) entries.add(b);
  for (const name of fs.readdirSync(pkgDir)) if (/^(readme|license|licence)(\..*)?$/i.test(name)) entries.add(name);
  return [...entries].filter((e) => !e.includes('*') && fs.existsSync(path.join(pkgDir, e)));
}

function stage(pkg, version, stagingRoot) {
  const { dir, json } = pkg;
  if (!fs.existsSync(path.join(dir, 'dist'))) {
    throw new Error(`${json.name} is not built (no ${path.join(dir, 'dist')}): run \`npx nx run-many -t build\` first`);
  }
  const target = path.join(stagingRoot, json.name.slice(SCOPE.length));
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  for (const entry of filesToStage(dir, json)) fs.cpSync(path.join(dir, entry), path.join(target, entry), { recursive: true });
  fs.writeFileSync(path.join(target, 'package.json'), `${JSON.stringify(rewriteManifest(json, version), null, 2)}\n`);
  return target;
}

/**
 * Stages and publishes all public packages; resolves { version, packages: [{ name, dir }] }.
 */
async function publishPackages({ registry, stagingRoot, version = testVersion(), root = ROOT, log }) {
  const pkgs = workspacePackages(root);
  if (!pkgs.length) throw new Error(`no public ${SCOPE}* packages under ${root}/packages`);
  const staged = pkgs.map((p) => ({ name: p.json.name, dir: stage(p, version, stagingRoot) }));
  await Promise.all(
    staged.map(async (p) => {
      fs.writeFileSync(path.join(p.dir, '.npmrc'), npmrcFor(registry));
      await run(`publish ${p.name}`, 'npm', ['publish', '--registry', registry, '--tag', 'e2e', '--access', 'public', '--ignore-scripts'], {
        cwd: p.dir,
        timeout: 120_000,
        log,
      });
    }),
  );
  return { version, packages: staged };
}

module.exports = { publishPackages, testVersion, workspacePackages, rewriteManifest, stage };
