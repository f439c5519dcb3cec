// The whole product as a new user meets it: packages published to a local npm
// registry, a fresh Nx workspace that adds the plugin, and the wasmCloud loops run against a
// real OCI registry, each result checked with an independent tool (npm, skopeo, the registry's
// own HTTP API, git). Steps share one workspace and run in order.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kit, log, step } from './steps';
import {
  Json,
  digestsIn,
  TAG_MOVED,
  fromCache,
  jsonOf,
  readJson,
  registryBlob,
  registryCatalog,
  registryTags,
  sha256,
  sha256File,
  skopeoRawManifest,
  taskSource,
  makeTlsFiles,
  writeHtpasswd,
} from './support';

const S1 = '1. publish every package to a local npm registry';
const S2 = '2. fresh workspace with only nx@24.0.6, then nx add @nx-wasmcloud/plugin';
const S3 = '3. generate the factorial interface, a minimal actor and a minimal provider';
const S4 = '4. the workspace registry target serves a Distribution registry on a free port';
const S5 = '5. nx run hello:push builds wasm32 with cargo, signs and pushes the actor';
const S6 = '6. nx run factorial-provider:push builds, packs a PAR and pushes it';
const S7 = '7. factorial codegen, its TypeScript build/test, publish to npm and install elsewhere';
const S8 = '8. caching: re-run from cache, restore a deleted build/, re-run only an edited chain';
const S9 = '9. affected: a smithy edit affects all three, an actor edit only the actor; affected push';
const S10 = '10. two clones share a self-hosted remote cache and push identical digests';
const S11 = '11. nx run <workspace>:drain empties the host caches a pull filled';

const PLUGIN = '@nx-wasmcloud/plugin';
const ACTOR = 'hello';
const INTERFACE = 'factorial';
const PROVIDER = 'factorial-provider';
const CONTRACT = 'wasmcloud:example:factorial';
// The interface generator's ts/ package is named <interface>-interface.
const TS_PACKAGE = 'factorial-interface';

const PROVIDER_MEDIA = { config: 'application/vnd.wasmcloud.provider.archive.config', layer: 'application/vnd.wasmcloud.provider.archive.layer.v1+par' };
const ACTOR_MEDIA = { config: 'application/vnd.wasmcloud.actor.archive.config', layer: 'application/vnd.module.wasm.content.layer.v1+wasm' };

const cleanup = new kit.Cleanup();
let tmp = '';
let registry = '';
let version = '';
let ws: kit.Workspace;
let oci = ''; // host:port of the workspace registry target
let wsProject = '';
const env: Record<string, string> = {};
const pushed: Record<string, { reference: string; digest: string }> = {};

function nx(stepName: string, args: string[], extraEnv: Record<string, string> = {}) {
  return ws.nx(stepName, [...args, '--outputStyle=static'], { env: { ...env, ...extraEnv }, log });
}

async function showProject(name: string): Promise<Json> {
  const { stdout } = await nx(`nx show project ${name}`, ['show', 'project', name, '--json']);
  return jsonOf(stdout);
}

async function projects(): Promise<string[]> {
  const { stdout } = await nx('nx show projects', ['show', 'projects', '--json']);
  return (jsonOf(stdout) as unknown as string[]).sort();
}

/** Output without the colour escapes Nx and jest print even without a TTY. */
function plain(output: string): string {
  return output.replace(/\u001b\[[0-9;]*m/g, '');
}

function cli(stepName: string, args: string[], extraEnv: Record<string, string> = {}) {
  return kit.run(stepName, path.join(ws.dir, 'node_modules/.bin/nx-wasmcloud'), args, { cwd: ws.dir, env: { ...env, ...extraEnv }, log });
}

/** wasmCloud's PAR target name for this machine, `<arch>-<os>` as the hosts pick it, e.g. x86_64-linux. */
function hostParTarget(): string {
  const arch = ({ x64: 'x86_64', arm64: 'aarch64' } as Record<string, string>)[process.arch] ?? process.arch;
  const osName = process.platform === 'darwin' ? 'macos' : process.platform;
  return `${arch}-${osName}`;
}

function keyFile(suffix: string): string {
  const files = fs.readdirSync(env.WASH_KEYS).filter((f) => f.endsWith(suffix));
  if (files.length !== 1) throw new Error(`expected one *${suffix} in ${env.WASH_KEYS}, found ${JSON.stringify(files)}`);
  return path.join(env.WASH_KEYS, files[0]);
}

async function publicKeyOf(seedFile: string): Promise<string> {
  const script =
    "const {KeyPair}=require('@nx-wasmcloud/wascap');const fs=require('fs');process.stdout.write(KeyPair.fromSeed(fs.readFileSync(process.argv[1],'utf8').trim()).publicKey)";
  const { stdout } = await kit.run(`public key of ${path.basename(seedFile)}`, process.execPath, ['-e', script, seedFile], { cwd: ws.dir });
  return stdout;
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nx-wasmcloud-e2e-'));
  // Keys and temp caches of the workspace's tools stay inside the run, never the user's.
  env.WASH_KEYS = path.join(tmp, 'keys');
  env.TMPDIR = path.join(tmp, 'tmpdir');
  fs.mkdirSync(env.TMPDIR, { recursive: true });
  log(`e2e temp dir: ${tmp}`);
});

afterAll(async () => {
  await cleanup.stopAll(log);
  if (process.env.E2E_KEEP_TMP) log(`kept ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
});

describe('nx-wasmcloud end to end', () => {
  step(S1, [], async () => {
    const sources = path.join(kit.ROOT, 'packages');
    const manifests = () => fs.readdirSync(sources).map((p) => fs.readFileSync(path.join(sources, p, 'package.json'), 'utf8'));
    const before = manifests();
    const verdaccio = await kit.startVerdaccio({ dir: path.join(tmp, 'verdaccio') });
    cleanup.add('verdaccio', verdaccio.stop);
    registry = verdaccio.url;
    const published = await kit.publishPackages({ registry, stagingRoot: path.join(tmp, 'stage'), log });
    version = published.version;

    const names = published.packages.map((p) => p.name).sort();
    expect(names).toEqual(['cli', 'host', 'oci', 'par', 'plugin', 'smithy', 'wascap'].map((n) => `@nx-wasmcloud/${n}`));
    // Ask the registry (not our own bookkeeping) what it serves under the e2e tag, and check the
    // internal dependencies point at the test version, so an install can only resolve ours.
    for (const name of names) {
      const { stdout } = await kit.run(`npm view ${name}`, 'npm', ['view', `${name}@e2e`, '--json', '--registry', registry], { cwd: tmp });
      const meta = JSON.parse(stdout);
      expect(meta.version).toBe(version);
      for (const [dep, range] of Object.entries<string>(meta.dependencies ?? {})) {
        if (dep.startsWith('@nx-wasmcloud/')) expect(`${dep}@${range}`).toBe(`${dep}@${version}`);
      }
    }
    expect(manifests()).toEqual(before);
  });

  step(S2, [S1], async () => {
    ws = await kit.createWorkspace({ dir: path.join(tmp, 'ws'), registry, pluginVersion: version, log, env });
    expect(readJson(path.join(ws.dir, 'node_modules/nx/package.json')).version).toBe('24.0.6');
    for (const lib of ['plugin', 'wascap', 'par', 'oci', 'smithy']) {
      expect(`${lib}@${readJson(path.join(ws.dir, `node_modules/@nx-wasmcloud/${lib}/package.json`)).version}`).toBe(`${lib}@${version}`);
    }
    const nxJson = readJson(path.join(ws.dir, 'nx.json'));
    const plugins = (nxJson.plugins ?? []).map((p: string | { plugin: string }) => (typeof p === 'string' ? p : p.plugin));
    if (!plugins.includes(PLUGIN)) {
      throw new kit.MissingCapability(`\`nx add ${PLUGIN}\` did not register the plugin in nx.json "plugins" (got ${JSON.stringify(nxJson.plugins ?? null)})`);
    }
    // The CLI is a separate package a user adds for scripts; the later steps check with it.
    await kit.run('install @nx-wasmcloud/cli', 'npm', ['install', '--save-dev', `@nx-wasmcloud/cli@${version}`, '--no-audit', '--no-fund'], {
      cwd: ws.dir,
      env: kit.checkoutEnv(ws.dir, env),
      log,
    });
    const { stdout } = await cli('nx-wasmcloud --version', ['--version']);
    expect(stdout.trim()).toContain(version);
    // The plugin puts the workspace targets (registry, drain) on the workspace-root project.
    const { stdout: withRegistry } = await nx('nx show projects --with-target registry', ['show', 'projects', '--with-target', 'registry', '--json']);
    const roots = jsonOf(withRegistry) as unknown as string[];
    if (roots.length !== 1) throw new kit.MissingCapability(`exactly one project with a "registry" target after nx add (got ${JSON.stringify(roots)})`);
    wsProject = roots[0];
  });

  step(S3, [S2], async () => {
    for (const g of ['interface', 'actor', 'provider']) kit.requireGenerator(g, ws.dir);
    // --language=typescript: also a ts/ npm package of the bindings (step 7); the generator adds
    // its tools to the root package.json and installs them from the local registry.
    await nx('generate interface', [
      'g',
      `${PLUGIN}:interface`,
      INTERFACE,
      '--template=minimal',
      `--contractId=${CONTRACT}`,
      '--language=typescript',
      '--no-interactive',
    ]);
    await nx('generate actor', ['g', `${PLUGIN}:actor`, ACTOR, '--template=minimal', `--capabilities=${CONTRACT}`, '--no-interactive']);
    await nx('generate provider', ['g', `${PLUGIN}:provider`, PROVIDER, '--template=minimal', `--contractId=${CONTRACT}`, '--no-interactive']);

    expect(await projects()).toEqual([ACTOR, INTERFACE, PROVIDER, wsProject].sort());
    const actor = await showProject(ACTOR);
    for (const t of ['build', 'sign', 'push']) kit.requireTarget(actor, ACTOR, t);
    const provider = await showProject(PROVIDER);
    for (const t of ['build', 'par', 'push']) kit.requireTarget(provider, PROVIDER, t);
    const iface = await showProject(INTERFACE);
    kit.requireTarget(iface, INTERFACE, 'codegen');

    // The contract id links actor and provider to the interface that declares it.
    const graphFile = path.join(tmp, 'graph.json');
    await nx('nx graph', ['graph', `--file=${graphFile}`]);
    const deps = readJson(graphFile).graph.dependencies as Record<string, { target: string }[]>;
    expect(deps[ACTOR].map((d) => d.target)).toContain(INTERFACE);
    expect(deps[PROVIDER].map((d) => d.target)).toContain(INTERFACE);
    expect(deps[INTERFACE].map((d) => d.target)).not.toContain(ACTOR);
  });

  step(S4, [S3], async () => {
    const port = await kit.freePort();
    // The registry target's port and the default push registry come from the plugin options.
    const nxJsonFile = path.join(ws.dir, 'nx.json');
    const nxJson = readJson(nxJsonFile);
    nxJson.plugins = (nxJson.plugins ?? []).map((p: string | { plugin: string; options?: Json }) =>
      (typeof p === 'string' ? p : p.plugin) === PLUGIN
        ? { plugin: PLUGIN, options: { ...(typeof p === 'string' ? {} : p.options), registryPort: port, registry: `127.0.0.1:${port}` } }
        : p,
    );
    fs.writeFileSync(nxJsonFile, `${JSON.stringify(nxJson, null, 2)}\n`);
    kit.requireTarget(await showProject(wsProject), wsProject, 'registry');

    const service = kit.startService({
      name: `nx run ${wsProject}:registry`,
      file: path.join(ws.dir, 'node_modules/.bin/nx'),
      args: ['run', `${wsProject}:registry`, '--outputStyle=static'],
      cwd: ws.dir,
      env: kit.cleanEnv(kit.checkoutEnv(ws.dir, env)),
    });
    cleanup.add('workspace registry target', service.stop);
    await kit.waitUntilReady(service, () => kit.httpAnswers(`http://127.0.0.1:${port}/v2/`), { timeoutMs: 60_000 });
    const res = await fetch(`http://127.0.0.1:${port}/v2/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
    oci = `127.0.0.1:${port}`;
  });

  step(S5, [S4], async () => {
    const { all } = await nx(`nx run ${ACTOR}:push`, ['run', `${ACTOR}:push`, `--registry=${oci}`, '--insecure']);
    const reference = `${oci}/${ACTOR}:0.1.0`;
    const digests = digestsIn(all);
    expect(digests.length).toBeGreaterThan(0);
    const digest = digests[digests.length - 1];

    // skopeo, not our client, reads what the registry holds.
    const { raw, json } = await skopeoRawManifest(reference, tmp);
    expect(sha256(raw)).toBe(digest);
    expect(json.schemaVersion).toBe(2);
    expect(json.config.mediaType).toBe(ACTOR_MEDIA.config);
    expect(json.layers).toHaveLength(1);
    expect(json.layers[0].mediaType).toBe(ACTOR_MEDIA.layer);

    const signed = fs.readdirSync(path.join(ws.dir, ACTOR, 'build')).filter((f) => f.endsWith('_s.wasm'));
    expect(signed).toHaveLength(1);
    const signedFile = path.join(ws.dir, ACTOR, 'build', signed[0]);
    expect(json.layers[0].digest).toBe(sha256File(signedFile));
    const layer = await registryBlob(oci, ACTOR, json.layers[0].digest);
    expect(layer.subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));

    // Pull it back with the CLI and inspect the claims of the pulled bytes.
    const pulledFile = path.join(tmp, 'pulled-hello.wasm');
    await cli('nx-wasmcloud pull', ['pull', reference, '--insecure', '--destination', pulledFile, '--digest', digest]);
    expect(sha256File(pulledFile)).toBe(json.layers[0].digest);
    const { stdout } = await cli('nx-wasmcloud claims inspect', ['claims', 'inspect', pulledFile, '-o', 'json']);
    const claims = jsonOf(stdout);
    log(`claims: ${JSON.stringify(claims)}`);
    // Issuer and subject are the keys the sign step generated in WASH_KEYS, derived here from
    // the seed files (the seeds themselves are never printed).
    expect(claims.account).toBe(await publicKeyOf(keyFile('_account.nk')));
    expect(claims.module).toBe(await publicKeyOf(path.join(env.WASH_KEYS, `${ACTOR}_module.nk`)));
    expect(claims.capabilities).toEqual([CONTRACT]);
    // Signing appends a custom section to the module cargo built, and the `hash` claim is the
    // sha256 of the module without that section (wascap >= 0.10, wasmCloud/wasmCloud crates/wascap/src/wasm.rs): so the unsigned
    // build output is a prefix of the signed file and its sha256 is the claim.
    const unsigned = fs.readFileSync(signedFile.replace(/_s\.wasm$/, '.wasm'));
    expect(fs.readFileSync(pulledFile).subarray(0, unsigned.length).equals(unsigned)).toBe(true);
    expect(claims.hash).toBe(sha256(unsigned).slice('sha256:'.length).toUpperCase());
    expect(claims.wascap_revision).toBeGreaterThanOrEqual(3);
    pushed[ACTOR] = { reference, digest };
  });

  step(S6, [S5], async () => {
    const { all } = await nx(`nx run ${PROVIDER}:push`, ['run', `${PROVIDER}:push`, `--registry=${oci}`, '--insecure']);
    const reference = `${oci}/${PROVIDER}:0.1.0`;
    const digest = digestsIn(all).pop();
    expect(digest).toBeDefined();
    const { raw, json } = await skopeoRawManifest(reference, tmp);
    expect(sha256(raw)).toBe(digest);
    expect(json.config.mediaType).toBe(PROVIDER_MEDIA.config);
    expect(json.layers).toHaveLength(1);
    expect(json.layers[0].mediaType).toBe(PROVIDER_MEDIA.layer);

    const pulledFile = path.join(tmp, 'pulled-provider.par.gz');
    await cli('nx-wasmcloud pull provider', ['pull', reference, '--insecure', '--destination', pulledFile]);
    expect(sha256File(pulledFile)).toBe(json.layers[0].digest);
    const { stdout } = await cli('nx-wasmcloud par inspect', ['par', 'inspect', pulledFile, '-o', 'json']);
    const inspected = jsonOf(stdout);
    log(`par inspect: ${JSON.stringify(inspected)}`);
    expect(inspected.capability_contract_id).toBe(CONTRACT);
    expect(inspected.valid).toBe(true);
    expect(inspected.signature_valid).toBe(true);
    expect(inspected.issuer).toBe(await publicKeyOf(keyFile('_account.nk')));
    expect(inspected.service).toBe(await publicKeyOf(keyFile('_service.nk')));
    // The binary cargo built for this host, hashed here, must be the archive's target hash
    // (HEXUPPER sha256 of the binary, wasmCloud/wasmCloud crates/provider-archive/src/archive.rs).
    const binRoot = path.join(ws.dir, PROVIDER, 'build/bin');
    const binaries = fs
      .readdirSync(binRoot, { recursive: true })
      .map(String)
      .map((f) => path.join(binRoot, f))
      .filter((f) => fs.statSync(f).isFile());
    expect(binaries).toHaveLength(1);
    const built = fs.readFileSync(binaries[0]);
    expect(inspected.target_details).toEqual([
      { target: hostParTarget(), size: built.length, hash: sha256(built).slice('sha256:'.length).toUpperCase(), valid: true },
    ]);
    pushed[PROVIDER] = { reference, digest: digest! };
  });

  step(S8, [S6], async () => {
    const pushBoth = (name: string) => nx(name, ['run-many', '-t', 'push', `--projects=${ACTOR},${PROVIDER}`, `--registry=${oci}`, '--insecure']);
    // The first sign generated the keys, and the keys' public halves are inputs of sign and par,
    // so one more run is needed before their hash is stable; the builds are cached already.
    const warm = await pushBoth('push again');
    for (const task of [`${ACTOR}:build`, `${PROVIDER}:build`]) expect(`${task} ${taskSource(warm.all, task)}`).toBe(`${task} local cache`);
    // Nothing changed since: build, sign and par all come from the cache, the same bytes are pushed.
    const again = await pushBoth('push once more');
    for (const task of [`${ACTOR}:build`, `${ACTOR}:sign`, `${PROVIDER}:build`, `${PROVIDER}:par`]) {
      expect(`${task} ${taskSource(again.all, task)}`).toMatch(new RegExp(`^${task} (local cache|existing outputs)$`));
    }
    expect(digestsIn(again.all)).toHaveLength(2);
    // The same bytes pushed again leave the tags where they were: no warning.
    expect(again.all).not.toMatch(TAG_MOVED);
    expect(digestsIn(again.all).sort()).toEqual(digestsIn(warm.all).sort());

    // build/ deleted: the cache puts the same bytes back.
    const signed = fs.readdirSync(path.join(ws.dir, ACTOR, 'build')).find((f) => f.endsWith('_s.wasm'))!;
    const before = sha256File(path.join(ws.dir, ACTOR, 'build', signed));
    fs.rmSync(path.join(ws.dir, ACTOR, 'build'), { recursive: true });
    const restored = await nx('sign after rm build/', ['run', `${ACTOR}:sign`]);
    expect(taskSource(restored.all, `${ACTOR}:sign`)).toBe('local cache');
    expect(sha256File(path.join(ws.dir, ACTOR, 'build', signed))).toBe(before);

    // One source edited so the module changes: only that chain runs again. (sign hashes the built
    // module, not the sources: an edit that leaves the bytes alone would rebuild but not re-sign.)
    const lib = path.join(ws.dir, ACTOR, 'src/lib.rs');
    fs.appendFileSync(lib, '\n#[no_mangle]\npub extern "C" fn edited_by_e2e() -> i32 {\n    1\n}\n');
    const edited = await nx('push after an edit', ['run-many', '-t', 'push', `--projects=${ACTOR},${PROVIDER}`, `--registry=${oci}`, '--insecure']);
    expect(taskSource(edited.all, `${ACTOR}:build`)).toBe('ran');
    expect(taskSource(edited.all, `${ACTOR}:sign`)).toBe('ran');
    expect(fromCache(taskSource(edited.all, `${PROVIDER}:build`))).toBe(true);
    expect(fromCache(taskSource(edited.all, `${PROVIDER}:par`))).toBe(true);
  });

  step(S9, [S8], async () => {
    const git = (name: string, args: string[]) =>
      kit.run(name, 'git', args, {
        cwd: ws.dir,
        env: { ...env, GIT_AUTHOR_NAME: 'e2e', GIT_AUTHOR_EMAIL: 'e2e@example.invalid', GIT_COMMITTER_NAME: 'e2e', GIT_COMMITTER_EMAIL: 'e2e@example.invalid' },
        log,
      });
    await git('git init', ['init', '-q', '-b', 'main']);
    await git('git add', ['add', '-A']);
    await git('git commit', ['commit', '-q', '-m', 'base']);
    const affected = async () =>
      jsonOf((await nx('nx show projects --affected', ['show', 'projects', '--affected', '--base=main', '--json'])).stdout) as unknown as string[];

    const smithy = fs
      .readdirSync(path.join(ws.dir, INTERFACE), { recursive: true })
      .map(String)
      .find((f) => f.endsWith('.smithy'))!;
    fs.appendFileSync(path.join(ws.dir, INTERFACE, smithy), '\n// edited by the e2e suite\n');
    expect((await affected()).sort()).toEqual([ACTOR, INTERFACE, PROVIDER].sort());
    await git('git checkout', ['checkout', '--', '.']);

    const wasmcloudToml = path.join(ws.dir, ACTOR, 'wasmcloud.toml');
    fs.writeFileSync(wasmcloudToml, fs.readFileSync(wasmcloudToml, 'utf8').replace(/^version\s*=\s*"0\.1\.0"/m, 'version = "0.2.0"'));
    expect(await affected()).toEqual([ACTOR]);

    // A fresh registry shows exactly what `nx affected -t push` pushed.
    const fresh = await kit.startOciRegistry({ from: ws.dir });
    cleanup.add('affected registry', fresh.stop);
    await nx('nx affected -t push', ['affected', '-t', 'push', '--base=main', `--registry=${fresh.url}`, '--insecure']);
    expect(await registryCatalog(fresh.url)).toEqual([ACTOR]);
    expect(await registryTags(fresh.url, ACTOR)).toEqual(['0.2.0']);
    await git('git checkout', ['checkout', '--', '.']);
  });

  step(S10, [S9], async () => {
    // The cache lives in the team's OCI registry: Distribution with htpasswd auth over
    // TLS, reached through `nx-wasmcloud cache serve` from the installed CLI.
    const cacheUser = 'nx-cache-bot';
    const cachePassword = crypto.randomBytes(12).toString('hex');
    const token = crypto.randomBytes(16).toString('hex');
    const certs = await makeTlsFiles(path.join(tmp, 'team-registry-tls'));
    const startLocalRegistry = kit.installedExport(ws.dir, '@nx-wasmcloud/oci', 'startLocalRegistry');
    const team = await startLocalRegistry({
      host: '127.0.0.1',
      port: 0,
      tls: { certFile: certs.serverCert, keyFile: certs.serverKey },
      htpasswd: writeHtpasswd(path.join(tmp, 'team-registry-htpasswd'), cacheUser, cachePassword),
    });
    cleanup.add('team registry', team.stop);
    const port = await kit.freePort();
    const cacheRepo = `${team.url}/nx-cache`;
    const server = kit.startService({
      name: 'nx-wasmcloud cache serve',
      file: path.join(ws.dir, 'node_modules/.bin/nx-wasmcloud'),
      args: ['cache', 'serve', '--registry', cacheRepo, '--port', String(port), '--ca-file', certs.caCert],
      cwd: ws.dir,
      env: kit.cleanEnv({ HOME: path.join(tmp, 'cache-home'), WASH_REG_USER: cacheUser, WASH_REG_PASSWORD: cachePassword, NX_CACHE_SERVER_TOKEN: token }),
    });
    cleanup.add('cache server', server.stop);
    const serverUrl = `http://127.0.0.1:${port}`;
    await kit.waitUntilReady(server, async () => (await fetch(`${serverUrl}/v1/cache/0`, { headers: { authorization: `Bearer ${token}` } })).status === 404);
    const remote = {
      NX_SELF_HOSTED_REMOTE_CACHE_SERVER: serverUrl,
      NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: token,
      SOURCE_DATE_EPOCH: '1700000000',
    };
    const results: { all: string; digests: string[] }[] = [];
    for (const n of [1, 2]) {
      const clone = path.join(tmp, `clone${n}`);
      await kit.run(`git clone ${n}`, 'git', ['clone', '-q', ws.dir, clone], { cwd: tmp, env, log });
      // nx's postinstall loads nx too; in a git checkout it would set up the per-user cache.
      await kit.run(`npm install clone ${n}`, 'npm', ['install', '--no-audit', '--no-fund'], {
        cwd: clone,
        env: kit.checkoutEnv(clone, env),
        log,
        timeout: 300_000,
      });
      const registryN = await kit.startOciRegistry({ from: clone });
      cleanup.add(`clone ${n} registry`, registryN.stop);
      const run = await kit.nx(
        clone,
        `clone ${n}: push`,
        ['run-many', '-t', 'push', `--projects=${ACTOR},${PROVIDER}`, `--registry=${registryN.url}`, '--insecure', '--outputStyle=static'],
        {
          env: { ...env, ...remote },
          log,
        },
      );
      results.push({ all: run.all, digests: digestsIn(run.all) });
    }
    for (const task of [`${ACTOR}:build`, `${ACTOR}:sign`, `${PROVIDER}:build`, `${PROVIDER}:par`]) {
      expect(`${task} ${taskSource(results[0].all, task)}`).toBe(`${task} ran`);
      expect(`${task} ${taskSource(results[1].all, task)}`).toBe(`${task} remote cache`);
    }
    // The server's log says what Nx did; the registry (asked with skopeo) holds each stored record.
    const served = server.output();
    const stored = [...served.matchAll(/^PUT (\S+) stored/gm)].map((m) => m[1]);
    const hits = [...served.matchAll(/^GET (\S+) hit/gm)].map((m) => m[1]);
    expect(stored.length).toBeGreaterThanOrEqual(4);
    expect(hits.length).toBeGreaterThanOrEqual(4);
    expect(served).not.toMatch(/refused|not stored|answered as a miss/);
    expect(served).not.toContain(token);
    expect(served).not.toContain(cachePassword);
    const skopeoAuth = ['--cert-dir', certs.certDir, '--creds', `${cacheUser}:${cachePassword}`];
    const { stdout: tagList } = await kit.run('skopeo list-tags nx-cache', 'skopeo', ['list-tags', ...skopeoAuth, `docker://${cacheRepo}`], { cwd: tmp });
    expect(JSON.parse(tagList).Tags).toEqual(expect.arrayContaining(stored));
    const { stdout: record } = await kit.run('skopeo inspect a record', 'skopeo', ['inspect', '--raw', ...skopeoAuth, `docker://${cacheRepo}:${hits[0]}`], {
      cwd: tmp,
    });
    expect(JSON.parse(record).layers.map((l: Json) => l.mediaType)).toEqual(['application/vnd.nx-wasmcloud.nx-cache.output.v1.tar']);
    expect(results[0].digests).toHaveLength(2);
    expect(results[1].digests.sort()).toEqual(results[0].digests.sort());

    // A hit must equal a rebuild: clone 2 rebuilds and re-signs everything without any cache
    // and, given SOURCE_DATE_EPOCH, pushes the very same digests.
    const clone2 = path.join(tmp, 'clone2');
    const rebuild = await kit.nx(
      clone2,
      'clone 2: push without cache',
      ['run-many', '-t', 'push', `--projects=${ACTOR},${PROVIDER}`, '--skip-nx-cache', '--insecure', '--outputStyle=static'],
      {
        env: { ...env, SOURCE_DATE_EPOCH: remote.SOURCE_DATE_EPOCH },
        log,
      },
    );
    for (const task of [`${ACTOR}:sign`, `${PROVIDER}:par`]) expect(`${task} ${taskSource(rebuild.all, task)}`).toBe(`${task} ran`);
    expect(digestsIn(rebuild.all).sort()).toEqual(results[0].digests.sort());
  });

  step(S11, [S5], async () => {
    kit.requireTarget(await showProject(wsProject), wsProject, 'drain');
    // Drain clears HOME's caches too: run it on a HOME of its own.
    const home = path.join(tmp, 'home');
    fs.mkdirSync(home, { recursive: true });
    const isolated = { HOME: home, XDG_CACHE_HOME: path.join(home, '.cache') };
    // Neither `nx-wasmcloud pull` nor the pull executor offers the host-cache option, so pull
    // with the library, as a script would.
    const script =
      "require('@nx-wasmcloud/oci').pullArtifact({reference:process.argv[1],destination:process.argv[2],insecure:true,hostCache:true}).then(r=>console.log(r.digest))";
    const pulled = await kit.run('pullArtifact with hostCache', process.execPath, ['-e', script, pushed[ACTOR].reference, path.join(tmp, 'cached.wasm')], {
      cwd: ws.dir,
      env: { ...env, ...isolated },
    });
    // Later steps re-pushed the tag; the pull must name what the registry serves now.
    const { raw } = await skopeoRawManifest(pushed[ACTOR].reference, tmp);
    expect(pulled.stdout.trim()).toBe(sha256(raw));
    // The hosts' cache layout: $TMPDIR/wasmcloud_ocicache/<ref with : / . as _>.bin and .digest.
    const ociCache = path.join(env.TMPDIR, 'wasmcloud_ocicache');
    const stem = pushed[ACTOR].reference.toLowerCase().replace(/[:/.]/g, '_');
    expect(fs.readFileSync(path.join(ociCache, `${stem}.bin`))).toEqual(fs.readFileSync(path.join(tmp, 'cached.wasm')));
    expect(fs.readFileSync(path.join(ociCache, `${stem}.digest`), 'utf8').trim()).toBe(sha256(raw));
    const sentinel = path.join(env.TMPDIR, 'not-a-cache.txt');
    fs.writeFileSync(sentinel, 'keep me');

    await nx('nx run drain', ['run', `${wsProject}:drain`], isolated);
    // wash drain empties each cache directory and keeps it; nothing else is touched.
    expect(fs.readdirSync(ociCache)).toEqual([]);
    expect(fs.readFileSync(sentinel, 'utf8')).toBe('keep me');
  });

  // Last, because it builds the interface's TypeScript package; the caching and affected steps
  // above start from a settled workspace.
  step(S7, [S3], async () => {
    // The TypeScript bindings as the plugin makes them: step 3's --language=typescript put a
    // [typescript] section in codegen.toml and a ts/ npm package (tsconfig, jest test) in the
    // interface, and the plugin infers its build (tsc), test (jest) and publish (npm) targets.
    const ifaceDir = path.join(ws.dir, INTERFACE);
    const tsDir = path.join(ifaceDir, 'ts');
    const rootPkg = readJson(path.join(ws.dir, 'package.json'));
    for (const dep of ['@msgpack/msgpack', 'cbor-x', 'typescript', 'jest']) {
      expect(`${dep} ${Boolean(rootPkg.dependencies?.[dep] ?? rootPkg.devDependencies?.[dep])}`).toBe(`${dep} true`);
      expect(fs.existsSync(path.join(ws.dir, 'node_modules', dep, 'package.json'))).toBe(true);
    }
    expect(readJson(path.join(tsDir, 'package.json')).name).toBe(TS_PACKAGE);
    const iface = await showProject(INTERFACE);
    for (const t of ['codegen', 'build', 'test', 'publish']) kit.requireTarget(iface, INTERFACE, t);
    expect(iface.targets.codegen.outputs).toContain('{projectRoot}/ts/src/factorial.ts');
    expect(iface.targets.build.outputs).toContain('{projectRoot}/ts/dist');

    await nx(`nx run ${INTERFACE}:codegen`, ['run', `${INTERFACE}:codegen`]);
    const generated = fs.readFileSync(path.join(tsDir, 'src/factorial.ts'), 'utf8');
    expect(generated).toContain(`export const FactorialContractId = "${CONTRACT}";`);

    const built = await nx(`nx run ${INTERFACE}:build`, ['run', `${INTERFACE}:build`]);
    expect(taskSource(built.all, `${INTERFACE}:build`)).toBe('ran');
    expect(fs.existsSync(path.join(tsDir, 'dist/factorial.d.ts'))).toBe(true);
    expect(fs.existsSync(path.join(tsDir, 'dist/index.js'))).toBe(true);
    const tested = await nx(`nx run ${INTERFACE}:test`, ['run', `${INTERFACE}:test`]);
    expect(taskSource(tested.all, `${INTERFACE}:test`)).toBe('ran');
    // The generated jest test: the contract id and a msgpack round trip sender -> receiver.
    expect(plain(tested.all)).toMatch(/Tests:\s+2 passed, 2 total/);

    // ts/ has its own package.json, which makes it npm's project root, so npm alone would ignore
    // the workspace's .npmrc there and publish to its default registry. The publish target must
    // publish where the workspace points (verdaccio) without any .npmrc of the package's own.
    expect(fs.existsSync(path.join(tsDir, '.npmrc'))).toBe(false);
    const dry = await nx(`nx run ${INTERFACE}:publish`, ['run', `${INTERFACE}:publish`]);
    expect(plain(dry.all)).toContain(`Publishing to ${registry} with tag latest and default access (dry-run)`);
    expect(await fetch(`${registry}${TS_PACKAGE}`).then((r) => r.status)).toBe(404);

    const published = await nx(`nx run ${INTERFACE}:publish --dryRun=false`, ['run', `${INTERFACE}:publish`, '--dryRun=false']);
    expect(taskSource(published.all, `${INTERFACE}:codegen`)).not.toBe('absent');
    expect(fromCache(taskSource(published.all, `${INTERFACE}:test`))).toBe(true);
    expect(plain(published.all)).not.toContain('(dry-run)');
    expect(plain(published.all)).toContain(`Publishing to ${registry} with tag latest and default access`);
    const { stdout: view } = await kit.run('npm view bindings', 'npm', ['view', TS_PACKAGE, 'version', '--registry', registry], { cwd: tmp });
    expect(view.trim()).toBe('0.1.0');
    // Verdaccio itself serves it: its packument names a tarball on verdaccio whose bytes match
    // the published shasum and hold the compiled bindings.
    const packument = (await (await fetch(`${registry}${TS_PACKAGE}`)).json()) as Json;
    expect(packument['dist-tags'].latest).toBe('0.1.0');
    const dist = packument.versions['0.1.0'].dist;
    expect(dist.tarball).toBe(`${registry}${TS_PACKAGE}/-/${TS_PACKAGE}-0.1.0.tgz`);
    const tarball = Buffer.from(await (await fetch(dist.tarball)).arrayBuffer());
    expect(crypto.createHash('sha1').update(tarball).digest('hex')).toBe(dist.shasum);
    const tgz = path.join(tmp, `${TS_PACKAGE}-0.1.0.tgz`);
    fs.writeFileSync(tgz, tarball);
    const { stdout: listing } = await kit.run('tar tzf bindings', 'tar', ['tzf', tgz], { cwd: tmp });
    expect(listing.split('\n')).toEqual(
      expect.arrayContaining(['package/package.json', 'package/dist/index.js', 'package/dist/factorial.js', 'package/dist/factorial.d.ts']),
    );

    // A second package of the workspace installs the bindings from the registry and uses them.
    const consumer = path.join(ws.dir, 'consumer');
    fs.mkdirSync(consumer, { recursive: true });
    fs.writeFileSync(path.join(consumer, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '0.0.0', private: true }, null, 2)}\n`);
    fs.writeFileSync(path.join(consumer, '.npmrc'), kit.npmrcFor(registry));
    await kit.run('install the bindings', 'npm', ['install', `${TS_PACKAGE}@0.1.0`, '--no-audit', '--no-fund'], {
      cwd: consumer,
      env: kit.checkoutEnv(ws.dir, env),
      log,
    });
    const installed = path.join(consumer, 'node_modules', TS_PACKAGE);
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(readJson(path.join(installed, 'package.json')).version).toBe('0.1.0');
    const script =
      "const f=require(process.argv[1]);const r=new f.FactorialReceiver({calculate:async n=>n*(n-1)});new f.FactorialSender(r.dispatch.bind(r)).calculate(7).then(v=>console.log(f.FactorialContractId+' '+v))";
    const { stdout } = await kit.run('use the bindings', process.execPath, ['-e', script, TS_PACKAGE], { cwd: consumer });
    expect(stdout.trim()).toBe(`${CONTRACT} 42`);
  });
});
