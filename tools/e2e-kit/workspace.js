// A fresh user workspace in `dir`: only nx@24.0.6 installed from the local registry (with a
// project-level .npmrc, so nothing touches the user's npm config), then the plugin added the
// way a user adds it: `nx add @nx-wasmcloud/plugin@<version>`.
const fs = require('node:fs');
const path = require('node:path');
const { run } = require('./exec');
const { npmrcFor } = require('./verdaccio');

const NX_VERSION = '24.0.6';

/**
 * Nx 24 keeps the cache of a git checkout in a per-user directory (~/.nx/<workspace id>/) shared
 * by every checkout of the same repository. Each workspace here gets its own cache inside
 * itself instead: runs never leave data in the user's home, two clones behave like two
 * machines (sharing only through a remote cache), and a git init mid-run does not move it.
 */
function checkoutEnv(dir, env = {}) {
  return { NX_CACHE_DIRECTORY: path.join(dir, '.nx/cache'), ...env };
}

const GITIGNORE = ['node_modules', '.nx/cache', '.nx/workspace-data', 'dist', 'build', 'target', 'tmp', ''].join('\n');

async function createWorkspace({ dir, registry, pluginVersion, name = 'wasmcloud-workspace', log, env }) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name, version: '0.0.0', private: true, license: 'UNLICENSED' }, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, '.npmrc'), npmrcFor(registry));
  fs.writeFileSync(path.join(dir, '.gitignore'), GITIGNORE);
  fs.writeFileSync(path.join(dir, 'nx.json'), `${JSON.stringify({ $schema: './node_modules/nx/schemas/nx-schema.json' }, null, 2)}\n`);
  // `npm ci` cannot be used here (see the README); a plain install from the local registry.
  await run('install nx', 'npm', ['install', '--save-dev', '--save-exact', `nx@${NX_VERSION}`, '--no-audit', '--no-fund'], {
    cwd: dir,
    timeout: 300_000,
    log,
    env: checkoutEnv(dir, env),
  });
  if (pluginVersion) await addPlugin({ dir, pluginVersion, log, env });
  return { dir, nx: (step, args, opts = {}) => nx(dir, step, args, { log, ...opts, env: { ...env, ...opts.env } }) };
}

async function addPlugin({ dir, pluginVersion, log, env }) {
  return run('nx add @nx-wasmcloud/plugin', path.join(dir, 'node_modules/.bin/nx'), ['add', `@nx-wasmcloud/plugin@${pluginVersion}`], {
    cwd: dir,
    timeout: 300_000,
    log,
    env: checkoutEnv(dir, env),
  });
}

/** Runs the workspace's own nx binary (never a global or npx-downloaded one). */
function nx(dir, step, args, opts = {}) {
  return run(step, path.join(dir, 'node_modules/.bin/nx'), args, { cwd: dir, timeout: 600_000, ...opts, env: checkoutEnv(dir, opts.env) });
}

module.exports = { createWorkspace, addPlugin, nx, checkoutEnv, NX_VERSION };
