// Runs one command of an end-to-end step with execa (array arguments, never a shell string),
// capturing stdout and stderr together, so a failure names the step and carries what the
// command printed.
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');

// The repository root resolves execa 5 (a transitive CommonJS copy); the e2e package declares
// execa 9, so resolve it from there. Node 20.19+ loads it with require(esm); under Jest the
// shared preset transpiles it.
const { execa } = require(require.resolve('execa', { paths: [path.join(ROOT, 'e2e')] }));

const OUTPUT_LIMIT = 20000;

class StepError extends Error {
  constructor(step, message, output) {
    super(`${step}: ${message}${output ? `\n----- output -----\n${tail(output)}` : ''}`);
    this.name = 'StepError';
    this.step = step;
  }
}

function tail(text) {
  return text.length > OUTPUT_LIMIT ? `[... ${text.length - OUTPUT_LIMIT} chars cut ...]\n${text.slice(-OUTPUT_LIMIT)}` : text;
}

// The suite runs inside `nx run` and `npm run`: their NX_* and npm_* variables (workspace root,
// task hash, lifecycle, prefix) would point the inner tools at this repository. The inner
// workspace gets a clean environment with only what the steps choose to add.
function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(NX_|npm_|NPM_CONFIG_|INIT_CWD$|JEST_WORKER_ID$|SOURCE_DATE_EPOCH$|WASH_)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true', ...extra };
}

function display(file, args) {
  return [file, ...args].map((a) => (/[\s"'$]/.test(a) ? JSON.stringify(a) : a)).join(' ');
}

/**
 * Runs `file args` in `cwd`; resolves { stdout, stderr, all } on exit 0, otherwise throws a
 * StepError naming `step`, the command, its exit code and its combined output.
 */
async function run(step, file, args, { cwd, env, timeout = 300_000, input, log, keepFinalNewline = false } = {}) {
  const shown = display(file, args);
  if (log) log(`$ ${shown}${cwd ? `   (in ${cwd})` : ''}`);
  const result = await execa(file, args, {
    cwd,
    env: cleanEnv(env),
    extendEnv: false,
    all: true,
    reject: false,
    timeout,
    input,
    stdin: input === undefined ? 'ignore' : undefined,
    stripFinalNewline: !keepFinalNewline,
    forceKillAfterDelay: 5000,
  });
  if (result.exitCode !== 0 || result.failed) {
    const why = result.timedOut
      ? `timed out after ${timeout} ms`
      : result.exitCode === undefined
        ? `failed to start or was killed (${result.signal || result.shortMessage})`
        : `exited ${result.exitCode}`;
    throw new StepError(step, `\`${shown}\` ${why}${cwd ? ` (cwd ${cwd})` : ''}`, result.all || '');
  }
  return { stdout: result.stdout, stderr: result.stderr, all: result.all || '' };
}

module.exports = { run, cleanEnv, StepError, ROOT, display };
