import type { TargetConfiguration } from '@nx/devkit';
import { posix } from 'node:path';
import type { CodegenPlan } from '../config/codegen-toml';
import type { WasmcloudProject } from '../config/wasmcloud-toml';
import { DISABLED_TARGET_PREFIX, NormalizedOptions } from './options';
import { keysInput, toolchainInput } from './runtime-inputs';
import { pushReference } from '../config/push-reference';

const PLUGIN = '@nx-wasmcloud/plugin';
const SDE = { env: 'SOURCE_DATE_EPOCH' };
/** The plugin's CLI (@nx-wasmcloud/cli), whose commands the executors mirror. */
const CLI = 'npx nx-wasmcloud';

type Input = NonNullable<TargetConfiguration['inputs']>[number];

/**
 * The @nx-wasmcloud/host version, from its package.json only (the graph never loads the host): an
 * option of the actor test target, so a host upgrade re-runs the tests in the host.
 */
export function hostVersion(): string {
  try {
    return (require('@nx-wasmcloud/host/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** What the project directory holds beyond wasmcloud.toml that shapes an actor's targets. */
export interface ActorExtras {
  /** A test-options.json (actor.mk's convention): `test` runs Testing.Start on the signed actor in the host. */
  testOptions?: boolean;
}

export interface TargetContext {
  workspaceRoot: string;
  projectRoot: string;
  options: NormalizedOptions;
}

/**
 * The enclosing cargo workspace's files: Cargo.toml, Cargo.lock and .cargo/config* in every
 * directory above `crateDir` (workspace-relative) up to the Nx workspace root. Cargo looks upward
 * for the `[workspace]` manifest (whose lock and profile settings a member builds with) and merges
 * every ancestor's .cargo/config, so a change to any of them can change the member's build.
 */
export function enclosingCargoInputs(crateDir: string): Input[] {
  const inputs: Input[] = [];
  let dir = posix.normalize(crateDir);
  while (dir !== '.' && dir !== '' && dir !== '/') {
    dir = posix.dirname(dir);
    const prefix = dir === '.' ? '{workspaceRoot}' : `{workspaceRoot}/${dir}`;
    inputs.push(`${prefix}/Cargo.toml`, `${prefix}/Cargo.lock`, `${prefix}/.cargo/config.toml`, `${prefix}/.cargo/config`);
  }
  return inputs;
}

/** Files a Rust crate's build reads, plus the enclosing cargo workspace's manifests, lock and config. */
function rustSources(projectRoot: string): Input[] {
  return [
    '{projectRoot}/wasmcloud.toml',
    '{projectRoot}/Cargo.toml',
    '{projectRoot}/Cargo.lock',
    '{projectRoot}/build.rs',
    '{projectRoot}/src/**/*',
    '{projectRoot}/.cargo/config.toml',
    '{projectRoot}/.cargo/config',
    ...enclosingCargoInputs(projectRoot),
    // Path dependencies and interface crates are projects too; their sources matter.
    '^default',
  ];
}

function tinygoSources(): Input[] {
  return ['{projectRoot}/wasmcloud.toml', '{projectRoot}/go.mod', '{projectRoot}/go.sum', '{projectRoot}/**/*.go', '^default'];
}

/**
 * `metadata.help`: Nx's project view runs `command` from a button, so it is always a help command
 * (never the action), through npx so the workspace's own tools answer; the example shows options
 * that are safe to copy (never a key or seed).
 */
/** A target dev runs by name; "" for one disabled with targetNames (dev skips that step). */
function live(name: string): string {
  return name.startsWith(DISABLED_TARGET_PREFIX) ? '' : name;
}

function help(command: string, example: Record<string, unknown> = {}) {
  return { command, example: { options: example } };
}

/** What a signed artifact's claims come from: wasmcloud.toml, and Cargo.toml for a missing name or version. */
function manifests(): Input[] {
  return ['{projectRoot}/wasmcloud.toml', '{projectRoot}/Cargo.toml'];
}

function keyDirectory(p: WasmcloudProject, ctx: TargetContext): string | undefined {
  const dir = p.actor?.keyDirectory;
  return dir ? posix.normalize(posix.join(ctx.projectRoot, dir)) : undefined;
}

export function actorTargets(p: WasmcloudProject, ctx: TargetContext, extras: ActorExtras = {}): Record<string, TargetConfiguration> {
  const o = ctx.options;
  const wasmTarget = p.actor!.wasmTarget;
  const sources = p.language === 'rust' ? rustSources(ctx.projectRoot) : tinygoSources();
  const toolchain = toolchainInput(ctx.workspaceRoot, p.language, wasmTarget);
  const unsigned = `{projectRoot}/build/${p.binName}.wasm`;
  const signed = `{projectRoot}/build/${p.binName}_s.wasm`;
  const technologies = ['wasmcloud', p.language];
  return {
    [o.buildTargetName]: {
      executor: `${PLUGIN}:build`,
      cache: true,
      inputs: [...sources, toolchain],
      outputs: [unsigned],
      metadata: {
        technologies,
        description: `Compile the actor to ${wasmTarget} and copy it to build/${p.binName}.wasm`,
        help: help(p.language === 'rust' ? 'cargo build --help' : 'tinygo help build'),
      },
    },
    [o.signTargetName]: {
      executor: `${PLUGIN}:sign`,
      dependsOn: [o.buildTargetName],
      cache: true,
      // The built module, not the sources or toolchain that made it: a rebuild that yields the same
      // bytes is not re-signed. The manifests hold the claims, name, version and revision.
      inputs: [...manifests(), { dependentTasksOutputFiles: '**/*.wasm' }, keysInput(ctx.workspaceRoot, keyDirectory(p, ctx)), SDE],
      outputs: [signed],
      metadata: {
        technologies,
        description: `Embed signed claims (${p.actor!.claims.join(', ') || 'no capabilities'}) into build/${p.binName}_s.wasm`,
        help: help(`${CLI} claims sign --help`, { keysDirectory: 'keys', disableKeygen: true }),
      },
    },
    [o.pushTargetName]: pushTarget(o.signTargetName, technologies, p.actor!.registry ?? o.registry, p),
    [o.testTargetName]: actorTestTarget(p, ctx, sources, technologies, extras),
    [o.callTargetName]: {
      executor: `${PLUGIN}:call`,
      dependsOn: [o.signTargetName],
      // An invocation is an action, not a build step: never replayed from the cache.
      cache: false,
      metadata: {
        technologies,
        description: 'Invoke an operation on the signed actor in the embedded host and print the reply (--operation=HttpServer.HandleRequest --data=<json>)',
        help: help(`${CLI} call --help`, { operation: 'HttpServer.HandleRequest', data: '{"method":"GET","path":"/"}' }),
      },
    },
    [o.inspectTargetName]: inspectTarget(o.signTargetName, technologies, 'Print the claims embedded in the signed actor', `${CLI} claims inspect --help`),
    [o.deployTargetName]: {
      executor: `${PLUGIN}:deploy`,
      // The executor pushes (as push does) before it starts or updates the actor by that reference.
      dependsOn: [o.signTargetName],
      cache: false,
      options: { registry: p.actor!.registry ?? o.registry, natsUrl: `127.0.0.1:${o.hostNatsPort}`, lattice: 'default' },
      metadata: {
        technologies,
        description: `Push, then start or live-update the actor in the running lattice (the ${o.hostTargetName} target) by its reference`,
        help: help(`${CLI} ctl start --help`, { natsUrl: `127.0.0.1:${o.hostNatsPort}`, lattice: 'default' }),
      },
    },
    [o.devTargetName]: {
      executor: `${PLUGIN}:dev`,
      // Runs until stopped; starts the host (as the workspace host target would) when none answers.
      continuous: true,
      cache: false,
      options: {
        natsUrl: `127.0.0.1:${o.hostNatsPort}`,
        lattice: 'default',
        buildTarget: live(o.buildTargetName),
        signTarget: live(o.signTargetName),
        pushTarget: live(o.pushTargetName),
        deployTarget: live(o.deployTargetName),
        codegenTarget: live(o.codegenTargetName),
      },
      metadata: {
        technologies,
        description: 'Keep the actor running while you edit: on each change to it or a project it depends on, build, sign, push and update it in the lattice',
        help: help(`${CLI} up --help`),
      },
    },
  };
}

/**
 * Unit tests on the host target; with a test-options.json also Testing.Start on the signed actor in
 * the embedded host, which adds the signed module, the options file and the host version to the
 * hash (links are target options, hashed with them).
 */
function actorTestTarget(p: WasmcloudProject, ctx: TargetContext, sources: Input[], technologies: string[], extras: ActorExtras): TargetConfiguration {
  const unitHelp = p.language === 'rust' ? 'cargo test --help' : 'tinygo help test';
  const unit: Input[] = [...sources, '{projectRoot}/tests/**/*', toolchainInput(ctx.workspaceRoot, p.language)];
  if (!extras.testOptions) {
    return {
      executor: `${PLUGIN}:test`,
      cache: true,
      inputs: unit,
      outputs: [],
      metadata: { technologies, description: 'Run the unit tests on the host target', help: help(unitHelp) },
    };
  }
  return {
    executor: `${PLUGIN}:test`,
    dependsOn: [ctx.options.signTargetName],
    cache: true,
    inputs: [...unit, '{projectRoot}/test-options.json', { dependentTasksOutputFiles: `**/${p.binName}_s.wasm` }],
    outputs: [],
    options: { hostVersion: hostVersion() },
    metadata: {
      technologies,
      description: 'Run the unit tests on the host target, then Testing.Start with test-options.json on the signed actor in the embedded host',
      help: help(`${CLI} call --help`, { links: { 'wasmcloud:keyvalue': 'double' } }),
    },
  };
}

export function providerTargets(p: WasmcloudProject, ctx: TargetContext): Record<string, TargetConfiguration> {
  const o = ctx.options;
  const sources = p.language === 'rust' ? rustSources(ctx.projectRoot) : tinygoSources();
  const toolchain = toolchainInput(ctx.workspaceRoot, p.language);
  const technologies = ['wasmcloud', p.language];
  const extra = o.providerTargets;
  return {
    [o.buildTargetName]: {
      executor: `${PLUGIN}:build`,
      cache: true,
      inputs: [...sources, toolchain],
      outputs: ['{projectRoot}/build/bin'],
      ...(extra.length ? { options: { targets: extra } } : {}),
      metadata: {
        technologies,
        description: `Build the provider binary for the host${extra.length ? ` and ${extra.join(', ')}` : ''} into build/bin/<triple>/`,
        help: help('cargo build --help', { targets: ['aarch64-unknown-linux-gnu'] }),
      },
    },
    [o.parTargetName]: {
      executor: `${PLUGIN}:par`,
      dependsOn: [o.buildTargetName],
      cache: true,
      // The built binaries (as for sign: not their sources) and the manifests holding the claims.
      inputs: [...manifests(), { dependentTasksOutputFiles: '**/*' }, keysInput(ctx.workspaceRoot), SDE],
      outputs: [`{projectRoot}/build/${p.binName}.par.gz`],
      metadata: {
        technologies,
        description: `Pack the binaries with signed claims (capability ${p.provider!.capabilityId}) into build/${p.binName}.par.gz`,
        help: help(`${CLI} par create --help`, { keysDirectory: 'keys', disableKeygen: true }),
      },
    },
    [o.pushTargetName]: pushTarget(o.parTargetName, technologies, o.registry, p),
    [o.testTargetName]: {
      executor: `${PLUGIN}:test`,
      cache: true,
      // provider_test_config.toml and its cases drive the lattice tests that follow cargo test.
      inputs: [...sources, '{projectRoot}/tests/**/*', '{projectRoot}/provider_test_config.toml', '{projectRoot}/provider_tests.json', toolchain],
      outputs: [],
      metadata: { technologies, description: 'Run the provider tests', help: help(p.language === 'rust' ? 'cargo test --help' : 'tinygo help test') },
    },
    [o.inspectTargetName]: inspectTarget(o.parTargetName, technologies, 'Print the claims and targets of the provider archive', `${CLI} par inspect --help`),
  };
}

/**
 * Interface targets; `plan` is the codegen.toml's output plan, `dirs` the generated Rust crate and
 * TypeScript project that exist (their build/test/publish targets appear once they do).
 */
export function interfaceTargets(
  ctx: TargetContext,
  codegenConfig: string,
  plan: CodegenPlan | undefined,
  dirs: { rust?: string; typescript?: string },
): Record<string, TargetConfiguration> {
  const o = ctx.options;
  const technologies = ['wasmcloud', 'smithy'];
  const modelInputs: Input[] = ['{projectRoot}/**/*.smithy', '{projectRoot}/**/*.json', `{projectRoot}/${codegenConfig}`, '^default'];
  const codegenDir = posix.dirname(codegenConfig);
  const outputs: string[] = [];
  for (const [lang, l] of Object.entries(plan?.languages ?? {})) {
    const base = posix.normalize(posix.join(codegenDir, l.outputDir));
    const prefix = `{projectRoot}/${base === '.' ? '' : `${base}/`}`;
    if (l.files.length) for (const f of l.files) outputs.push(`{projectRoot}/${posix.normalize(posix.join(base, f))}`);
    else if (lang === 'html') outputs.push(`${prefix}*.html`);
    else if (lang === 'typescript') outputs.push(`${prefix}*.ts`);
  }
  // Generated files are inputs of the language builds, not of codegen itself.
  const codegenInputs = modelInputs.concat(outputs.map((f) => `!${f}`));
  // Rust output is rustfmt's when rustfmt is there, raw when not: never replay one for the other.
  const formatterInputs: Input[] = plan?.languages.rust ? [toolchainInput(ctx.workspaceRoot, 'rustfmt')] : [];
  const targets: Record<string, TargetConfiguration> = {
    [o.codegenTargetName]: {
      executor: `${PLUGIN}:codegen`,
      cache: true,
      inputs: [...codegenInputs, ...formatterInputs],
      outputs,
      options: { config: codegenConfig },
      metadata: { technologies, description: 'Generate code and docs from the Smithy models (codegen.toml)', help: help(`${CLI} smithy gen --help`) },
    },
    [o.validateTargetName]: {
      executor: `${PLUGIN}:validate`,
      cache: true,
      inputs: codegenInputs,
      outputs: [],
      options: { config: codegenConfig },
      metadata: { technologies, description: 'Validate the Smithy models', help: help(`${CLI} smithy validate --help`) },
    },
  };
  if (!dirs.rust && !dirs.typescript) return targets;
  const crateInputs: Input[] = [...modelInputs];
  const langOptions: Record<string, string> = {};
  const tools: string[] = [];
  if (dirs.rust) {
    const crate = `{projectRoot}/${dirs.rust}`;
    crateInputs.push(
      `${crate}/Cargo.toml`,
      `${crate}/Cargo.lock`,
      `${crate}/build.rs`,
      `${crate}/src/**/*`,
      `${crate}/tests/**/*`,
      `${crate}/.cargo/config.toml`,
      `${crate}/.cargo/config`,
      ...enclosingCargoInputs(posix.join(ctx.projectRoot, dirs.rust)),
      toolchainInput(ctx.workspaceRoot, 'rust'),
    );
    langOptions.cwd = dirs.rust;
    tools.push(`cargo in ${dirs.rust}`);
  }
  if (dirs.typescript) {
    const ts = `{projectRoot}/${dirs.typescript}`;
    crateInputs.push(`${ts}/src/**/*`, `${ts}/test/**/*`, `${ts}/tsconfig*.json`, `${ts}/package.json`, `${ts}/jest.config.*`);
    langOptions.tsProject = dirs.typescript;
    tools.push(`tsc/jest in ${dirs.typescript}`);
  }
  targets[o.buildTargetName] = {
    executor: `${PLUGIN}:build`,
    dependsOn: [o.codegenTargetName],
    cache: true,
    inputs: crateInputs,
    // tsc's outDir in the generated tsconfig; cargo's target/ is not worth caching.
    outputs: dirs.typescript ? [`{projectRoot}/${dirs.typescript}/dist`] : [],
    options: langOptions,
    metadata: { technologies, description: `Build the generated code (${tools.join(', ')})`, help: help(dirs.rust ? 'cargo build --help' : 'npx tsc --help') },
  };
  targets[o.testTargetName] = {
    executor: `${PLUGIN}:test`,
    // TypeScript tests run against the compiled package, as its consumers use it.
    dependsOn: [dirs.typescript ? o.buildTargetName : o.codegenTargetName],
    cache: true,
    inputs: crateInputs,
    outputs: [],
    options: langOptions,
    metadata: { technologies, description: `Test the generated code (${tools.join(', ')})`, help: help(dirs.rust ? 'cargo test --help' : 'npx jest --help') },
  };
  targets[o.publishTargetName] = {
    executor: `${PLUGIN}:publish`,
    dependsOn: [o.buildTargetName, o.testTargetName],
    cache: false,
    options: { ...langOptions, dryRun: !o.publish },
    metadata: {
      technologies,
      description: `Publish ${tools.map((t) => t.replace(/^cargo/, 'cargo publish').replace(/^tsc\/jest/, 'npm publish')).join(' and ')}${o.publish ? '' : ' (--dry-run unless --dryRun=false)'}`,
      help: help(dirs.rust ? 'cargo publish --help' : 'npm publish --help', { dryRun: false }),
    },
  };
  return targets;
}

function pushTarget(after: string, technologies: string[], registry: string, p: WasmcloudProject): TargetConfiguration {
  const reference = pushReference(registry, p.name, p.version);
  return {
    executor: `${PLUGIN}:push`,
    dependsOn: [after],
    options: { registry },
    // A push is a side effect; it is idempotent instead (existing blobs are not uploaded again).
    cache: false,
    metadata: {
      technologies,
      description: `Push to ${reference} (override with --registry=host:port)`,
      help: help(`${CLI} push --help`, { registry: 'localhost:5000' }),
    },
  };
}

function inspectTarget(after: string, technologies: string[], description: string, helpCommand: string): TargetConfiguration {
  return {
    executor: `${PLUGIN}:inspect`,
    dependsOn: [after],
    cache: false,
    metadata: { technologies, description, help: help(helpCommand, { json: true }) },
  };
}

/** `registry` (continuous local OCI registry), `host` (continuous nats-server + host) and `drain` on the workspace-root project. */
export function workspaceTargets(o: NormalizedOptions): Record<string, TargetConfiguration> {
  const technologies = ['wasmcloud'];
  return {
    [o.registryTargetName]: {
      executor: `${PLUGIN}:registry`,
      continuous: true,
      cache: false,
      options: { port: o.registryPort, host: '127.0.0.1' },
      readyWhen: { url: `http://127.0.0.1:${o.registryPort}/v2/` },
      metadata: {
        technologies,
        description: `Run a local OCI registry on 127.0.0.1:${o.registryPort} until stopped`,
        help: help(`${CLI} --help`, { port: 5000 }),
      },
    } as TargetConfiguration,
    [o.hostTargetName]: {
      executor: `${PLUGIN}:host`,
      continuous: true,
      cache: false,
      options: { natsPort: o.hostNatsPort, lattice: 'default' },
      // The last line `nx-wasmcloud up` prints (UP_READY_TEXT in @nx-wasmcloud/host).
      readyWhen: { logMatches: 'wasmCloud host ready' },
      metadata: {
        technologies,
        description: `Run nats-server on 127.0.0.1:${o.hostNatsPort} and a wasmCloud host with the control interface until stopped (nx-wasmcloud up)`,
        help: help(`${CLI} up --help`, { lattice: 'default' }),
      },
    } as TargetConfiguration,
    [o.drainTargetName]: {
      executor: `${PLUGIN}:drain`,
      cache: false,
      options: { selector: 'all' },
      metadata: {
        technologies,
        description: 'Clear the wasmCloud caches (oci, smithy, lib, downloads)',
        help: help(`${CLI} drain --help`, { selector: 'oci' }),
      },
    },
  };
}
