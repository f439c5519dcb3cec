#!/usr/bin/env node
/*
 * @nx-wasmcloud/plugin benchmark. For generated workspaces of N actors,
 * N/10 providers and N/10 interfaces, in the same run:
 *   1. `nx show projects` with the plugin vs the same projects as hand-written project.json files
 *      (the plugin's inferred configuration frozen: same names, targets, inputs, outputs, edges);
 *   2. fully cached `nx run-many -t sign par --exclude-task-dependencies` with the plugin vs Nx's
 *      floor: the same number of cached no-op tasks (`nx:run-commands`, one file input, no output),
 *      vs the same floor with one output file per task (what Nx itself pays to restore one), and
 *      vs the hand-written project.json copy (what Nx charges for the same configuration with no
 *      plugin code at all: the part of the gap to the floor that no plugin can remove).
 *   3. the cached run of 2. again with the Nx daemon (plugin, project.json copy, floor), as
 *      developers run it outside CI (two warm-up runs; the daemon is stopped after).
 * NX_DAEMON=false unless said, warm (one unmeasured run), median of --runs timed runs, cache and workspace-data
 * inside each variant's directory. nx output goes to a file, not a pipe: Nx exits before a large
 * piped output is flushed, which would hide its summary.
 *
 *   node tools/bench/plugin-graph.js [--sizes=100,500] [--runs=5] [--keep]
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { arg, pad, median, write, installNodeModules, buildOutputs, writeActor, writeProvider, makeKeys, nxEnv, nxVersion } = require('./lib/nx-workspace');

const SIZES = arg('sizes', '100,500').split(',').map(Number);
const RUNS = Number(arg('runs', '5'));
const KEEP = process.argv.includes('--keep');
const log = (m) => process.stderr.write(`[plugin-graph] ${m}\n`);

/** Projects as the generators write them, with the build outputs already in place (sign/par read them). */
function generate(dir, n, art) {
  const nIface = Math.max(1, Math.round(n / 10));
  const nProv = nIface;
  const contract = (i) => `bench:iface-${pad(i % nIface, 3)}`;
  write(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench-ws', private: true }));
  write(path.join(dir, '.gitignore'), 'node_modules\n.nx\nbuild/\n');
  installNodeModules(dir);
  const tree = { actors: [], providers: [] };
  for (let i = 0; i < n; i++) tree.actors.push(writeActor(dir, `actor-${pad(i, 4)}`, ['wasmcloud:httpserver', contract(i)], art.wasm));
  for (let i = 0; i < nProv; i++) tree.providers.push(writeProvider(dir, `provider-${pad(i, 3)}`, contract(i), art));
  for (let i = 0; i < nIface; i++) {
    const name = `iface-${pad(i, 3)}`;
    const snake = name.replace(/-/g, '_');
    const d = path.join(dir, 'interfaces', name);
    write(
      path.join(d, `${snake}.smithy`),
      `namespace org.bench.${snake}\nuse org.wasmcloud.model#wasmbus\nuse org.wasmcloud.model#U32\n@wasmbus(contractId: "${contract(i)}", actorReceive: true, providerReceive: true)\nservice Svc${i} { version: "0.1", operations: [ Calculate ] }\noperation Calculate { input: U32, output: U32 }\n`,
    );
    write(path.join(d, 'codegen.toml'), `[[models]]\npath = "."\nfiles = [ "${snake}.smithy" ]\n[html]\noutput_dir = "html"\n`);
    // Half with a wasmcloud.toml, half laid out like wasmCloud/interfaces (codegen.toml only).
    if (i % 2 === 0) write(path.join(d, 'wasmcloud.toml'), `name = "${name}"\nlanguage = "rust"\ntype = "interface"\nversion = "0.1.0"\n\n[interface]\n`);
  }
  tree.interfaces = nIface;
  return tree;
}

function nx(ws, keys, args, daemon = false) {
  const env = nxEnv(ws, keys, { NX_DAEMON: String(daemon), NX_CACHE_DIRECTORY: path.join(ws, '.nx/cache') });
  const outFile = path.join(ws, '..', `nx-${path.basename(ws)}.log`);
  const fd = fs.openSync(outFile, 'w');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(ws, 'node_modules/nx/dist/bin/nx.js'), ...args], { cwd: ws, env, stdio: ['ignore', fd, fd] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  fs.closeSync(fd);
  const out = fs.readFileSync(outFile, 'utf8');
  if (r.status !== 0) throw new Error(`nx ${args.join(' ')} failed in ${ws}:\n${out.split('\n').slice(-30).join('\n')}`);
  return { ms, out };
}

function timed(ws, keys, args, check, daemon = false) {
  // The daemon computes the graph on its first request and keeps it: two warm-ups.
  for (let i = 0; i < (daemon ? 2 : 1); i++) check(nx(ws, keys, args, daemon).out);
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const r = nx(ws, keys, args, daemon);
    check(r.out);
    times.push(r.ms);
  }
  if (daemon) nx(ws, keys, ['daemon', '--stop'], true);
  return { median: median(times), times };
}

const allCached = (tasks) => (out) => {
  const m = /Nx read the output from the cache instead of running the command for (\d+) out of (\d+) tasks/.exec(out);
  if (!m || +m[1] !== tasks || +m[2] !== tasks)
    throw new Error(`expected ${tasks}/${tasks} cache hits, got ${m ? m[0] : out.split('\n').slice(-10).join('\n')}`);
};

/** The plugin's inferred configuration frozen into project.json files; the plugin removed from nx.json. */
function freeze(pluginWs, dest, keys) {
  const file = path.join(dest, '..', 'graph.json');
  nx(pluginWs, keys, ['graph', `--file=${file}`]);
  const { graph } = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const [name, node] of Object.entries(graph.nodes)) {
    const implicitDependencies = (graph.dependencies[name] ?? []).map((d) => d.target).filter((t) => graph.nodes[t]);
    const { projectType, tags, targets } = node.data;
    write(path.join(dest, node.data.root, 'project.json'), JSON.stringify({ name, projectType, tags, targets, implicitDependencies }, null, 2));
  }
  write(path.join(dest, 'nx.json'), JSON.stringify({ parallel: 3 }));
  return Object.keys(graph.nodes).length;
}

/** Nx's floor: every sign/par task a cached no-op with one file input and no output. */
function floor(dest, tree) {
  const noop = { executor: 'nx:run-commands', options: { command: 'true' }, cache: true, inputs: ['{projectRoot}/wasmcloud.toml'], outputs: [] };
  for (const [list, dir, target] of [
    [tree.actors, 'actors', 'sign'],
    [tree.providers, 'providers', 'par'],
  ]) {
    for (const p of list) {
      write(path.join(dest, dir, p.name, 'project.json'), JSON.stringify({ name: p.name, targets: { [target]: noop } }));
      write(path.join(dest, dir, p.name, 'wasmcloud.toml'), `name = "${p.name}"\n`);
    }
  }
  write(path.join(dest, 'nx.json'), JSON.stringify({ parallel: 3 }));
}

/** Nx's floor for cached tasks that have an output, as sign and par do: one small file each. */
function floorWithOutputs(dest, tree) {
  for (const [list, dir, target] of [
    [tree.actors, 'actors', 'sign'],
    [tree.providers, 'providers', 'par'],
  ]) {
    for (const p of list) {
      const root = `${dir}/${p.name}`;
      const task = {
        executor: 'nx:run-commands',
        options: { command: 'echo out > out.txt', cwd: root },
        cache: true,
        inputs: ['{projectRoot}/wasmcloud.toml'],
        outputs: ['{projectRoot}/out.txt'],
      };
      write(path.join(dest, root, 'project.json'), JSON.stringify({ name: p.name, targets: { [target]: task } }));
      write(path.join(dest, root, 'wasmcloud.toml'), `name = "${p.name}"\n`);
    }
  }
  write(path.join(dest, 'nx.json'), JSON.stringify({ parallel: 3 }));
}

async function size(tmp, n, art) {
  const base = path.join(tmp, `n${n}`);
  const keys = path.join(base, 'keys');
  const [P, H, F, O] = ['plugin', 'handwritten', 'floor', 'floor-outputs'].map((v) => path.join(base, v));
  const tree = generate(P, n, art);
  write(path.join(P, 'nx.json'), JSON.stringify({ plugins: ['@nx-wasmcloud/plugin'], parallel: 3 }));
  await makeKeys(keys, tree);
  fs.cpSync(P, H, { recursive: true, verbatimSymlinks: true, filter: (s) => !s.includes(`${path.sep}.nx`) });
  const projects = freeze(P, H, keys);
  fs.mkdirSync(F);
  installNodeModules(F);
  write(path.join(F, 'package.json'), JSON.stringify({ name: 'bench-floor', private: true }));
  floor(F, tree);
  fs.mkdirSync(O);
  installNodeModules(O);
  write(path.join(O, 'package.json'), JSON.stringify({ name: 'bench-floor-outputs', private: true }));
  write(path.join(O, '.gitignore'), 'node_modules\n.nx\nout.txt\n');
  floorWithOutputs(O, tree);
  const tasks = tree.actors.length + tree.providers.length;
  log(
    `N=${n}: ${tree.actors.length} actors, ${tree.providers.length} providers, ${tree.interfaces} interfaces = ${projects} projects; ${tasks} sign/par tasks`,
  );
  const r = { n, projects, tasks };
  for (const [key, ws] of [
    ['showPlugin', P],
    ['showHand', H],
  ]) {
    log(`N=${n}: nx show projects in ${path.basename(ws)}`);
    r[key] = timed(ws, keys, ['show', 'projects'], (out) => {
      const count = out.split('\n').filter((l) => /^[\w.-]+$/.test(l.trim())).length;
      if (count !== projects) throw new Error(`${ws}: ${count} projects listed, expected ${projects}`);
    });
  }
  const runMany = ['run-many', '-t', 'sign', 'par', '--exclude-task-dependencies', '--outputStyle=static'];
  for (const [key, ws] of [
    ['runPlugin', P],
    ['runHand', H],
    ['runFloor', F],
    ['runFloorOut', O],
  ]) {
    log(`N=${n}: filling the cache (${path.basename(ws)})`);
    r[`${key}Fill`] = nx(ws, keys, runMany).ms;
    log(`N=${n}: cached run-many -t sign par (${path.basename(ws)})`);
    r[key] = timed(ws, keys, runMany, allCached(tasks));
  }
  // How developers run it outside CI: the daemon keeps the graph, and checks outputs on disk
  // instead of copying them back from the cache.
  for (const [key, ws] of [
    ['daemonPlugin', P],
    ['daemonHand', H],
    ['daemonFloor', F],
  ]) {
    log(`N=${n}: cached run-many -t sign par with the Nx daemon (${path.basename(ws)})`);
    r[key] = timed(ws, keys, runMany, allCached(tasks), true);
  }
  return r;
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-graph-'));
  try {
    const art = buildOutputs(tmp);
    const results = [];
    for (const n of SIZES) {
      results.push(await size(tmp, n, art));
      if (!KEEP) fs.rmSync(path.join(tmp, `n${n}`), { recursive: true, force: true });
    }
    const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
    console.log(`\n@nx-wasmcloud/plugin: nx ${nxVersion()}, node ${process.version}, ${os.cpus().length} CPUs; NX_DAEMON=false, warm, median of ${RUNS}`);
    const x = (a, b) => `${s(a.median)} / ${s(b.median)} = ${(a.median / b.median).toFixed(2)}x`;
    console.log(
      'N actors | projects | show projects: plugin / project.json | tasks | cached sign+par: plugin / floor | plugin / floor with one output per task | project.json (no plugin) / floor | plugin / project.json',
    );
    for (const r of results) {
      console.log(
        `${r.n} | ${r.projects} | ${x(r.showPlugin, r.showHand)} | ${r.tasks} | ${x(r.runPlugin, r.runFloor)} | ${x(r.runPlugin, r.runFloorOut)} | ${x(r.runHand, r.runFloor)} | ${x(r.runPlugin, r.runHand)}`,
      );
    }
    console.log('with the Nx daemon: N actors | cached sign+par: plugin / floor | project.json (no plugin) / floor | plugin / project.json');
    for (const r of results)
      console.log(`${r.n} | ${x(r.daemonPlugin, r.daemonFloor)} | ${x(r.daemonHand, r.daemonFloor)} | ${x(r.daemonPlugin, r.daemonHand)}`);
    for (const r of results) {
      console.log(
        `raw N=${r.n}: ${['showPlugin', 'showHand', 'runPlugin', 'runHand', 'runFloor', 'runFloorOut', 'daemonPlugin', 'daemonHand', 'daemonFloor'].map((k) => `${k} ${r[k].times.map((t) => t.toFixed(0)).join(',')}`).join('; ')}; fill plugin ${r.runPluginFill.toFixed(0)} floor ${r.runFloorFill.toFixed(0)}`,
      );
    }
  } finally {
    if (KEEP) log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`plugin-graph: ${e.message}\n`);
  process.exitCode = 1;
});
