// A throwaway local npm registry: verdaccio 6.8.0 (the last release that runs on Node 20) on a
// free 127.0.0.1 port, with its config and storage in `dir`. @nx-wasmcloud/* packages are served
// only from this registry (never from the uplink); everything else is proxied to the npm registry
// this machine uses.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { freePort } = require('./free-port');
const { startService, waitUntilReady, httpAnswers } = require('./service');
const { ROOT, cleanEnv } = require('./exec');

function machineRegistry() {
  try {
    const out = execFileSync('npm', ['config', 'get', 'registry'], {
      env: cleanEnv(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      cwd: require('node:os').tmpdir(),
    }).trim();
    if (/^https?:\/\//.test(out)) return out;
  } catch {
    /* fall through */
  }
  return 'https://registry.npmjs.org/';
}

function configYaml({ storage, uplink }) {
  // JSON is valid YAML, so the config needs no YAML library.
  return JSON.stringify(
    {
      storage,
      auth: { htpasswd: { file: path.join(path.dirname(storage), 'htpasswd'), max_users: -1 } },
      uplinks: { npmjs: { url: uplink, timeout: '120s', max_fails: 5, fail_timeout: '1m' } },
      packages: {
        '@nx-wasmcloud/*': { access: '$all', publish: '$all', unpublish: '$all' },
        '**': { access: '$all', publish: '$all', unpublish: '$all', proxy: 'npmjs' },
      },
      server: { keepAliveTimeout: 60 },
      log: { type: 'stdout', format: 'pretty', level: 'warn' },
    },
    null,
    2,
  );
}

/**
 * Starts verdaccio; resolves { url, port, stop() } once `/-/ping` answers.
 * `url` ends with a slash, as npm writes registry URLs.
 */
async function startVerdaccio({ dir, uplink = machineRegistry() }) {
  fs.mkdirSync(dir, { recursive: true });
  const storage = path.join(dir, 'storage');
  const config = path.join(dir, 'config.yaml');
  fs.writeFileSync(config, configYaml({ storage, uplink }));
  const port = await freePort();
  const bin = require.resolve('verdaccio/bin/verdaccio', { paths: [ROOT] });
  const service = startService({
    name: 'verdaccio',
    file: process.execPath,
    args: [bin, '--config', config, '--listen', `127.0.0.1:${port}`],
    cwd: dir,
    env: cleanEnv(),
  });
  const url = `http://127.0.0.1:${port}/`;
  try {
    await waitUntilReady(service, () => httpAnswers(`${url}-/ping`), { timeoutMs: 60000 });
  } catch (err) {
    await service.stop();
    throw err;
  }
  return { url, port, uplink, stop: service.stop, output: service.output };
}

/** The .npmrc lines that point npm at `url`. The token is a placeholder: verdaccio here lets
 * anyone publish, but npm refuses to publish without some token for the registry. */
function npmrcFor(url) {
  const hostPath = url.replace(/^https?:/, '');
  return `registry=${url}\n${hostPath}:_authToken=e2e-anonymous\naudit=false\nfund=false\nupdate-notifier=false\n`;
}

module.exports = { startVerdaccio, npmrcFor, machineRegistry };
