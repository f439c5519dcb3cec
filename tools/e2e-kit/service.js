// Starts a long-running helper process (verdaccio, a cache server) with its output kept in a
// buffer for error messages, waits until it answers, and stops it (and only it) by its own
// process group id. If this Node process exits or is killed by a signal without calling stop(),
// an exit hook kills whatever is still running, so nothing is left behind.
const path = require('node:path');
const { spawn } = require('node:child_process');

const ROOT = path.resolve(__dirname, '../..');

const running = new Set();
// signal-exit (declared by the e2e package, as execa) runs this on a normal exit and on
// SIGINT/SIGTERM/SIGHUP, and re-raises the signal only when nothing else handles it, so a
// program with its own handler (the demo) still stops its services in order first.
const { onExit } = require(require.resolve('signal-exit', { paths: [path.join(ROOT, 'e2e')] }));
onExit(() => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

function startService({ name, file, args, cwd, env }) {
  const child = spawn(file, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const keep = (chunk) => {
    output += chunk.toString();
    if (output.length > 50000) output = output.slice(-50000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      running.delete(child);
      resolve(exited);
    });
    child.on('error', (err) => {
      exited = { code: null, signal: null, error: err };
      running.delete(child);
      resolve(exited);
    });
  });

  async function stop() {
    if (exited) return;
    killGroup(child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
    await exitPromise;
    clearTimeout(timer);
  }

  return {
    name,
    pid: child.pid,
    output: () => output,
    exited: () => exited,
    exitPromise,
    stop,
  };
}

/** Polls `probe()` until it resolves true; fails early if the service exits. */
async function waitUntilReady(service, probe, { timeoutMs = 60000, intervalMs = 200 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = service.exited();
    if (state) {
      throw new Error(
        `${service.name} exited before it was ready (code ${state.code}, signal ${state.signal}${state.error ? `, ${state.error.message}` : ''})\n${service.output()}`,
      );
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new Error(`${service.name} was not ready within ${timeoutMs} ms\n${service.output()}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** True when GET `url` answers with a status below 500. */
async function httpAnswers(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await res.arrayBuffer().catch(() => undefined);
  return res.status < 500;
}

module.exports = { startService, waitUntilReady, httpAnswers };
