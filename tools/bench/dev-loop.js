#!/usr/bin/env node
/*
 * Edit-to-running benchmark of the plugin's `dev` loop. A real Nx workspace with the
 * plugin from this repo (a copy of the built packages), the minimal actor from the plugin's own
 * generator (`nx g @nx-wasmcloud/plugin:actor hello --template=minimal`), a real Distribution
 * registry on loopback and one host (`nx-wasmcloud up`, nats-server on loopback) used by both modes:
 *   1. dev: `nx run hello:dev` as a child; after its first cycle, --edits times: a one-line edit of
 *      the handler's reply, timed from the file write to the cycle line dev prints and to the first
 *      lattice call (what `nx-wasmcloud call <key> --nats-url` sends) answering the new reply; each
 *      step's share from the cycle line (build, sign, push, deploy);
 *   2. separate: without dev, the same edit followed by the targets the dev cycle runs, each a
 *      separate `nx run hello:<target>` (build, sign, push, deploy), timed to the new reply;
 *   3. one command: the same edit followed by `nx run hello:deploy` alone (build and sign run as its
 *      dependsOn, deploy pushes), timed to the new reply.
 * 2 and 3 alternate, half of their edits before the dev phase and half after it.
 * NX_DAEMON=false (as in CI and this repo's rules); Rust from Debian (CARGO=/usr/bin/cargo,
 * RUSTC=/usr/bin/rustc, wasm32 std). Medians; every process started here is stopped at the end.
 *
 *   node tools/bench/dev-loop.js [--edits=5] [--no-single] [--keep]
 */
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { ROOT, arg, median, write, installNodeModules } = require('./lib/nx-workspace');

const EDITS = Number(arg('edits', '5'));
const SINGLE = !process.argv.includes('--no-single');
const KEEP = process.argv.includes('--keep');
const STEPS = ['build', 'sign', 'push', 'deploy'];
const PACKAGES = ['plugin', 'wascap', 'par', 'oci', 'smithy', 'host', 'cli'];
const log = (m) => process.stderr.write(`[dev-loop] ${m}\n`);
const now = () => performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Latest change under a directory (files and folders), 0 when it is absent. */
function newest(dir) {
  let t = 0;
  try {
    t = fs.statSync(dir).mtimeMs;
    for (const e of fs.readdirSync(dir, { withFileTypes: true }))
      t = Math.max(t, e.isDirectory() ? newest(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs);
  } catch {
    /* removed meanwhile: the copy is retried */
  }
  return t;
}

/**
 * A complete copy: a rebuild running meanwhile (dist/ removed, tsc, assets last) may leave one
 * half-written, so the copy counts only when no dist/ changed in the 15 s before it or during it.
 */
async function installComplete(dir) {
  const needed = [...PACKAGES.map((p) => `${p}/dist/index.js`), 'plugin/executors.json', 'host/dist/dashboard/ui/index.html', 'cli/bin/nx-wasmcloud.js'];
  const stamp = () => PACKAGES.map((p) => newest(path.join(ROOT, 'packages', p, 'dist')));
  for (let attempt = 0; ; attempt++) {
    const before = stamp();
    const nm = installNodeModules(dir, PACKAGES);
    const after = stamp();
    const missing = needed.filter((f) => !fs.existsSync(path.join(nm, '@nx-wasmcloud', f)));
    const settled = before.every((t, i) => t === after[i] && t < Date.now() - 15_000);
    if (!missing.length && settled) return nm;
    if (attempt === 30)
      throw new Error(
        `the built packages ${missing.length ? `lack ${missing.join(', ')}` : 'keep changing'}: build them (NX_DAEMON=false npx nx run-many -t build)`,
      );
    log(`a package is being rebuilt${missing.length ? ` (${missing.join(', ')} missing)` : ''}: copying again in 5 s`);
    await sleep(5000);
  }
}

/** Children started here, by process group: stopped at the end, and on any exit. */
const children = new Set();
function track(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
async function stopChild(child, graceMs = 20_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  if (await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)])) return;
  log(`pid ${child.pid} did not stop in ${graceMs} ms: SIGKILL`);
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* gone */
  }
  await exited;
}
process.on('exit', () => {
  for (const c of children) {
    try {
      process.kill(-c.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

/** Lines of a child's stdout+stderr as they come; `waitFor` resolves at the first new line matching. */
function lineReader(child) {
  const lines = [];
  const waiters = [];
  let partial = '';
  const take = (chunk) => {
    const t = now();
    const parts = (partial + chunk).split('\n');
    partial = parts.pop();
    for (const raw of parts) {
      const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
      lines.push({ line, t });
      for (const w of [...waiters]) {
        const m = w.re.exec(line);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve({ m, t, line });
        }
      }
    }
  };
  child.stdout.setEncoding('utf8').on('data', take);
  child.stderr.setEncoding('utf8').on('data', take);
  return {
    lines,
    text: () => lines.map((l) => l.line).join('\n'),
    waitFor(re, timeoutMs, from = lines.length) {
      const old = lines.slice(from).find((l) => re.test(l.line));
      if (old) return Promise.resolve({ m: re.exec(old.line), t: old.t, line: old.line });
      return new Promise((resolve, reject) => {
        const w = { re, resolve };
        waiters.push(w);
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(w), 1);
          reject(new Error(`no line matching ${re} within ${timeoutMs} ms; output so far:\n${lines.map((l) => l.line).join('\n')}`));
        }, timeoutMs);
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`exited (${code}) before a line matching ${re}; output:\n${lines.map((l) => l.line).join('\n')}`));
        });
        const done = resolve;
        w.resolve = (v) => {
          clearTimeout(timer);
          done(v);
        };
      });
    },
  };
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-loop-bench-'));
  let registry;
  let host;
  let dev;
  try {
    const ws = path.join(tmp, 'ws');
    const nm = await installComplete(ws);
    const hostLib = require(path.join(nm, '@nx-wasmcloud/host/dist/index.js'));
    const oci = require(path.join(nm, '@nx-wasmcloud/oci/dist/index.js'));
    const { KeyPair } = require(path.join(nm, '@nx-wasmcloud/wascap/dist/index.js'));
    const cluster = KeyPair.create('cluster');

    registry = await oci.startLocalRegistry({ storageDir: path.join(tmp, 'registry') });
    const natsPort = await oci.freePort();
    log(`registry ${registry.url}, nats-server on 127.0.0.1:${natsPort}`);

    write(path.join(ws, 'package.json'), JSON.stringify({ name: 'dev-loop-bench', private: true }));
    write(path.join(ws, '.gitignore'), 'node_modules\n.nx\nbuild/\ntarget/\n');
    write(
      path.join(ws, 'nx.json'),
      JSON.stringify({ plugins: [{ plugin: '@nx-wasmcloud/plugin', options: { registry: registry.url, hostNatsPort: natsPort } }] }, null, 2),
    );

    const env = { ...process.env };
    for (const k of Object.keys(env)) if (k.startsWith('NX_') || k.startsWith('WASH_') || k.startsWith('WASMCLOUD_')) delete env[k];
    Object.assign(env, {
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NX_TUI: 'false',
      NX_CACHE_DIRECTORY: path.join(ws, '.nx/cache'),
      NX_WORKSPACE_DATA_DIRECTORY: path.join(ws, '.nx/workspace-data'),
      WASH_KEYS: path.join(tmp, 'keys'),
      WASMCLOUD_CLUSTER_SEED: cluster.seed,
      WASMCLOUD_OCI_ALLOWED_INSECURE: registry.url,
      CARGO: '/usr/bin/cargo',
      RUSTC: '/usr/bin/rustc',
      FORCE_COLOR: '0',
    });
    const nxBin = path.join(ws, 'node_modules/nx/dist/bin/nx.js');
    /** One `nx` command to completion, output in a file (Nx exits before a large piped output is flushed). */
    let seq = 0;
    const nx = async (args) => {
      const outFile = path.join(tmp, `nx-${++seq}.log`);
      const fd = fs.openSync(outFile, 'w');
      const t0 = now();
      const child = track(spawn(process.execPath, [nxBin, ...args], { cwd: ws, env, stdio: ['ignore', fd, fd], detached: true }));
      const code = await new Promise((r) => child.on('exit', (c) => r(c)));
      const ms = now() - t0;
      fs.closeSync(fd);
      const out = fs.readFileSync(outFile, 'utf8');
      if (code !== 0) throw new Error(`nx ${args.join(' ')} failed (${code}):\n${out.split('\n').slice(-30).join('\n')}`);
      // Nx's own "Run duration" (its tasks, cache restores included): the rest of the wall time is
      // the process start-up and the project graph.
      const run = /Run duration:\s+([\d.]+)(ms|s)/.exec(out);
      return { ms, runMs: run ? parseFloat(run[1]) * (run[2] === 's' ? 1000 : 1) : NaN };
    };

    log('nx g @nx-wasmcloud/plugin:actor hello --template=minimal');
    await nx(['g', '@nx-wasmcloud/plugin:actor', 'hello', '--template=minimal', '--no-interactive']);
    const lib = path.join(ws, 'hello/src/lib.rs');
    const source = fs.readFileSync(lib, 'utf8');
    const HANDLER = 'Ok(http_response(200, b"Hello, World!"))';
    if (!source.includes(HANDLER)) throw new Error(`hello/src/lib.rs: the handler line (${HANDLER}) is not in the generated actor`);
    let edit = 0;
    let current = 'Hello, World!';
    /** The one-line edit: the reply's text; returns the text the actor answers after it. */
    const editHandler = () => {
      const text = `Hello, edit ${++edit}!`;
      current = text;
      fs.writeFileSync(lib, source.replace(HANDLER, `Ok(http_response(200, b"${text}"))`));
      return text;
    };

    // One host for both modes, as a developer keeps `nx run <ws>:host` (here the CLI's `up`) running.
    host = track(
      spawn(
        process.execPath,
        [path.join(nm, '@nx-wasmcloud/cli/bin/nx-wasmcloud.js'), 'up', '--nats-port', String(natsPort), '--lattice', 'default', '--dashboard-port', '0'],
        { cwd: ws, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
      ),
    );
    const hostOut = lineReader(host);
    await hostOut.waitFor(/dashboard: http/, 60_000);
    log('host up');

    const actorKey = () => KeyPair.fromSeed(fs.readFileSync(path.join(tmp, 'keys/hello_module.nk'), 'utf8').trim()).publicKey;
    /** Lattice calls until the actor answers `text`; the time it did. */
    const untilReply = async (text, timeoutMs = 60_000) => {
      const end = now() + timeoutMs;
      let last = '';
      while (now() < end) {
        try {
          const bytes = await hostLib.latticeCall({
            nats: `127.0.0.1:${natsPort}`,
            lattice: 'default',
            clusterSeed: cluster.seed,
            actorKey: actorKey(),
            operation: 'HttpServer.HandleRequest',
            payload: new Uint8Array([0x80]),
            timeoutMs: 2000,
          });
          last = Buffer.from(bytes).toString('latin1');
          if (last.includes(text)) return now();
        } catch (e) {
          last = e.message;
        }
        await sleep(10);
      }
      throw new Error(`the actor did not answer "${text}" within ${timeoutMs} ms (last: ${JSON.stringify(last)})`);
    };

    // 2. separate `nx run` commands, and 3. one `nx run hello:deploy`: half of the edits before dev
    // and half after it, as the load of this shared machine drifts and neither mode should get the
    // quieter part. One unmeasured build first: cargo's cold start is no edit's.
    const sepRuns = [];
    const oneRuns = [];
    const separately = async (count) => {
      for (let i = 0; i < count; i++) {
        const t0 = now();
        const text = editHandler();
        const steps = {};
        let startup = 0;
        for (const s of STEPS) {
          const r = await nx(['run', `hello:${s}`, '--outputStyle=static']);
          steps[s] = r.ms;
          startup += r.ms - r.runMs;
        }
        const tDone = now();
        const tReply = await untilReply(text);
        sepRuns.push({ line: tDone - t0, reply: tReply - t0, steps, startup });
        log(
          `separate edit ${sepRuns.length}/${EDITS}: new reply after ${(tReply - t0).toFixed(0)} ms (${STEPS.map((s) => `${s} ${(steps[s] / 1000).toFixed(2)}s`).join(', ')})`,
        );
        if (!SINGLE) continue;
        const u0 = now();
        const text2 = editHandler();
        const { ms } = await nx(['run', 'hello:deploy', '--outputStyle=static']);
        const uReply = await untilReply(text2);
        oneRuns.push({ line: ms, reply: uReply - u0 });
        log(`one command edit ${oneRuns.length}/${EDITS}: new reply after ${(uReply - u0).toFixed(0)} ms (nx run hello:deploy ${(ms / 1000).toFixed(2)}s)`);
      }
    };

    await nx(['run', 'hello:build', '--outputStyle=static']);
    await separately(Math.ceil(EDITS / 2));

    // 1. dev
    const CYCLE = /hello: (.+?) -> (sha256:[0-9a-f]{64}) running in ([\d.]+)s \(([^)]*)\)/;
    const FAILED = /hello: .* failed after/;
    log('nx run hello:dev: first cycle');
    dev = track(
      spawn(process.execPath, [nxBin, 'run', 'hello:dev', '--outputStyle=stream'], { cwd: ws, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true }),
    );
    const devOut = lineReader(dev);
    const failWatch = devOut.waitFor(FAILED, 3_600_000).then(
      ({ line }) => {
        throw new Error(`dev: ${line}\n${devOut.text()}`);
      },
      () => undefined,
    );
    const first = await Promise.race([devOut.waitFor(/hello: start -> sha256:/, 300_000), failWatch]);
    log(first.line.trim());
    await untilReply(current);
    const devRuns = [];
    for (let i = 0; i < EDITS; i++) {
      await sleep(1000); // the watcher settles; no other change pending
      const from = devOut.lines.length;
      const t0 = now();
      const text = editHandler();
      const cycle = await Promise.race([devOut.waitFor(CYCLE, 300_000, from), failWatch]);
      if (!cycle.m[1].includes('hello/src/lib.rs')) throw new Error(`dev cycle for ${cycle.m[1]}, expected hello/src/lib.rs: ${cycle.line}`);
      const tReply = await untilReply(text);
      const steps = Object.fromEntries(
        cycle.m[4].split(', ').map((s) => {
          const [name, secs] = s.split(' ');
          return [name, parseFloat(secs) * 1000];
        }),
      );
      devRuns.push({ line: cycle.t - t0, reply: tReply - t0, cycle: parseFloat(cycle.m[3]) * 1000, steps });
      log(`dev edit ${i + 1}/${EDITS}: line after ${(cycle.t - t0).toFixed(0)} ms, new reply after ${(tReply - t0).toFixed(0)} ms: ${cycle.line.trim()}`);
    }
    await stopChild(dev);
    dev = undefined;
    await separately(Math.floor(EDITS / 2));

    const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
    const share = (runs) => {
      const med = Object.fromEntries(STEPS.map((k) => [k, median(runs.map((r) => r.steps[k] ?? 0))]));
      const total = STEPS.reduce((a, k) => a + med[k], 0);
      return STEPS.map((k) => `${k} ${s(med[k])} (${Math.round((100 * med[k]) / total)} %)`).join(', ');
    };
    const devReply = median(devRuns.map((r) => r.reply));
    const sepReply = median(sepRuns.map((r) => r.reply));
    console.log(
      `\ndev loop, minimal actor, one-line edit of the handler: nx ${require(path.join(ROOT, 'node_modules/nx/package.json')).version}, node ${process.version}, ${os.cpus().length} CPUs, load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} at the end, median of ${EDITS} edits each`,
    );
    console.log('mode | edit -> steps done | edit -> new reply (lattice call) | steps (median, share)');
    console.log(
      `nx run hello:dev (running) | ${s(median(devRuns.map((r) => r.line)))} (cycle line; the cycle itself ${s(median(devRuns.map((r) => r.cycle)))}) | ${s(devReply)} | ${share(devRuns)}`,
    );
    console.log(`separate nx run hello:build, :sign, :push, :deploy | ${s(median(sepRuns.map((r) => r.line)))} | ${s(sepReply)} | ${share(sepRuns)}`);
    console.log(
      `  of which Nx start-up and project graph (wall - Nx's "Run duration"), 4 commands: ${s(median(sepRuns.map((r) => r.startup)))}; the rest is the tasks, with build (and sign) restored from the cache by the later commands`,
    );
    if (oneRuns.length) console.log(`one nx run hello:deploy | ${s(median(oneRuns.map((r) => r.line)))} | ${s(median(oneRuns.map((r) => r.reply)))} | -`);
    console.log(`ratio edit -> new reply, dev / separate: ${(devReply / sepReply).toFixed(2)}x`);
    if (oneRuns.length) console.log(`ratio edit -> new reply, dev / one nx run hello:deploy: ${(devReply / median(oneRuns.map((r) => r.reply))).toFixed(2)}x`);
    console.log(`raw: ${JSON.stringify({ dev: devRuns, separate: sepRuns, one: oneRuns })}`);
  } finally {
    if (dev) await stopChild(dev);
    if (host) await stopChild(host);
    if (registry) await registry.stop().catch(() => undefined);
    for (const c of [...children]) await stopChild(c, 5000);
    if (KEEP) log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`dev-loop: ${e.message}\n`);
  process.exitCode = 1;
});
