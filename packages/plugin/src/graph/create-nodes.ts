import type { CreateNodes, CreateNodesContext, CreateNodesResult, ProjectConfiguration } from '@nx/devkit';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import { parseCargoToml, type CargoManifest } from '../config/cargo-toml';
import { parseCodegenPlan, type CodegenPlan } from '../config/codegen-toml';
import { projectName, repositoryName } from '../config/project-names';
import { parseWasmcloudToml, PostClassicProject } from '../config/wasmcloud-toml';
import { packageRoot } from '../utils/package-root';
import { version } from '../version';
import { ContentHashCache, sha256, workspaceDataDirectory } from './nodes-cache';
import { dropDisabledTargets } from './disabled-targets';
import { withReleasePublish } from './release-publish';
import { normalizeOptions, type NormalizedOptions, type WasmcloudPluginOptions } from './options';
import { actorTargets, interfaceTargets, providerTargets, workspaceTargets, type TargetContext } from './targets';

export const PROJECT_FILE_GLOB = '{**/wasmcloud.toml,**/codegen.toml,nx.json}';

/**
 * Bumped whenever the inferred configuration changes shape (2: one `keys` runtime input, sign/par
 * hashing manifests instead of sources; 3: runtime inputs empty NODE_EXTRA_CA_CERTS; 4: names made
 * command-line and OCI safe, post-classic files skipped, wasi targets mapped, bindings-only
 * codegen.toml not an interface; 5: a nameless [lib]'s wasm named after the package; 6: actor call
 * target, test in the host with a test-options.json; 7: nx-release-publish), so a cache
 * written by an unreleased build of the same version is not served after an upgrade.
 */
const INFERENCE_REVISION = '9';

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

const toPosix = (p: string) => p.split('\\').join('/');

/** Where an interface's generated Rust crate and TypeScript project live, if they exist yet. */
function languageDirs(root: string, codegenConfig: string, plan: CodegenPlan | undefined, workspaceRoot: string): { rust?: string; typescript?: string } {
  const dirOf = (lang: string, marker: string) => {
    const l = plan?.languages[lang];
    if (!l) return undefined;
    const dir = posix.normalize(posix.join(posix.dirname(codegenConfig), l.outputDir));
    return existsSync(join(workspaceRoot, root, dir, marker)) ? dir : undefined;
  };
  return { rust: dirOf('rust', 'Cargo.toml'), typescript: dirOf('typescript', 'tsconfig.json') };
}

function interfaceProject(
  root: string,
  name: string,
  codegenConfig: string,
  codegenText: string | undefined,
  ctx: TargetContext,
  declared = true,
): ProjectConfiguration {
  const codegenPath = posix.join(root, codegenConfig);
  const plan = codegenText === undefined ? undefined : parseCodegenPlan(codegenText, codegenPath);
  if (!declared && plan && plan.modelPaths.length === 0) {
    // Every model is fetched by URL: the codegen.toml generates a crate's own bindings to interfaces
    // published elsewhere (a provider or actor crate), so it declares no interface and publishes
    // nothing; only codegen and validate apply.
    return {
      root,
      name,
      projectType: 'library',
      tags: ['wasmcloud', 'wasmcloud:bindings'],
      metadata: { description: `${codegenPath} generates bindings from remote models only: not an interface` },
      targets: interfaceTargets(ctx, codegenConfig, plan, {}),
    };
  }
  return {
    root,
    name,
    projectType: 'library',
    tags: ['wasmcloud', 'wasmcloud:interface'],
    targets: interfaceTargets(ctx, codegenConfig, plan, languageDirs(root, codegenConfig, plan, ctx.workspaceRoot)),
  };
}

function fromWasmcloudToml(file: string, ctx: TargetContext, texts: Record<string, string | undefined>): ProjectConfiguration {
  const root = ctx.projectRoot;
  const cargoText = texts.cargo;
  const cargo: CargoManifest | undefined = cargoText === undefined ? undefined : parseCargoToml(cargoText, posix.join(root, 'Cargo.toml'));
  const p = parseWasmcloudToml(texts.toml!, file, cargo);
  // Checked here, not after build and sign: the name must make a repository (see repositoryName).
  const repository = repositoryName(p.name, file);
  const name = projectName(p.name, file);
  if (p.type === 'interface') {
    const config = posix.normalize(p.interface!.codegenConfig);
    return interfaceProject(root, name, config, texts.codegen, ctx);
  }
  return {
    root,
    name,
    projectType: 'application',
    tags: ['wasmcloud', `wasmcloud:${p.type}`],
    ...(name === p.name ? {} : { metadata: { description: `wasmcloud.toml name "${p.name}", pushed as ${repository}` } }),
    targets: p.type === 'actor' ? actorTargets(p, ctx, { testOptions: texts.testOptions !== undefined }) : providerTargets(p, ctx),
  };
}

function workspaceProjectName(workspaceRoot: string, o: NormalizedOptions): string {
  if (o.workspaceProjectName) return o.workspaceProjectName;
  try {
    const name = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8')).name;
    if (typeof name === 'string' && name) return name;
  } catch {
    // no root package.json
  }
  return 'workspace';
}

/** Which generated language projects exist yet: part of the cache key, as they decide the build targets. */
function crateFlag(dir: string, config: string, codegen: string | undefined): string {
  if (codegen === undefined) return 'none';
  try {
    return JSON.stringify(languageDirs('.', config, parseCodegenPlan(codegen, config), dir));
  } catch {
    return 'invalid';
  }
}

/** Reads what a config file's project depends on; the hash of these texts keys the cache. */
function readTexts(file: string, workspaceRoot: string): Record<string, string | undefined> | undefined {
  const dir = join(workspaceRoot, dirname(file));
  const base = basename(file);
  if (base === 'nx.json') return { pkg: readIfExists(join(workspaceRoot, 'package.json')) ?? '' };
  if (base === 'codegen.toml') {
    // A codegen.toml beside a wasmcloud.toml belongs to that project; a workspace-root one is docs only.
    if (dirname(file) === '.' || existsSync(join(dir, 'wasmcloud.toml'))) return undefined;
    const codegen = readFileSync(join(dir, base), 'utf8');
    return { codegen, crate: crateFlag(dir, 'codegen.toml', codegen) };
  }
  const toml = readFileSync(join(dir, base), 'utf8');
  const texts: Record<string, string | undefined> = { toml, cargo: readIfExists(join(dir, 'Cargo.toml')) };
  // Whether an actor's test runs in the host (its content is a task input, not a graph input).
  if (existsSync(join(dir, 'test-options.json'))) texts.testOptions = 'present';
  if (/^\s*type\s*=\s*["']\s*interface/im.test(toml)) {
    const m = /^\s*codegen_config\s*=\s*["']([^"']+)["']/m.exec(toml);
    const config = m ? m[1] : 'codegen.toml';
    texts.codegen = readIfExists(join(dir, config));
    texts.crate = crateFlag(dir, config, texts.codegen);
  }
  return texts;
}

function nodesFor(file: string, ctx: TargetContext, texts: Record<string, string | undefined>): CreateNodesResult {
  const base = basename(file);
  if (base === 'nx.json') {
    return {
      projects: {
        '.': { root: '.', name: workspaceProjectName(ctx.workspaceRoot, ctx.options), targets: workspaceTargets(ctx.options) },
      },
    };
  }
  if (base === 'codegen.toml') {
    const root = ctx.projectRoot;
    return { projects: { [root]: interfaceProject(root, posix.basename(root), 'codegen.toml', texts.codegen, ctx, false) } };
  }
  return { projects: { [ctx.projectRoot]: fromWasmcloudToml(file, ctx, texts) } };
}

/** Applies the `targetNames: { x: false }` option to every project of a result, then adds nx-release-publish. */
function withoutDisabledTargets(result: CreateNodesResult): CreateNodesResult {
  for (const p of Object.values(result.projects ?? {})) p.targets = withReleasePublish(dropDisabledTargets(p.targets));
  return result;
}

async function createNodesInternal(
  configFiles: readonly string[],
  rawOptions: WasmcloudPluginOptions | undefined,
  context: CreateNodesContext,
): Promise<Array<readonly [string, CreateNodesResult]>> {
  const options = normalizeOptions(rawOptions);
  const optionsHash = sha256(JSON.stringify(options), context.workspaceRoot, packageRoot(), version, INFERENCE_REVISION);
  // A skipped (post-classic) file is cached as its warning, repeated on every graph computation.
  const cache = new ContentHashCache<CreateNodesResult & { skipped?: string }>(
    join(workspaceDataDirectory(context.workspaceRoot), `nx-wasmcloud-${optionsHash.slice(0, 16)}.hash`),
  );
  // createNodesFromFiles' contract (results in order, per-file errors gathered into one
  // AggregateCreateNodesError), without loading @nx/devkit on the graph's hot path.
  const results: Array<readonly [string, CreateNodesResult]> = [];
  const errors: Array<[file: string, error: Error]> = [];
  try {
    for (const file of configFiles) {
      try {
        const posixFile = toPosix(file);
        const texts = readTexts(posixFile, context.workspaceRoot);
        if (!texts) continue;
        const hash = sha256(posixFile, JSON.stringify(texts));
        let result = cache.get(hash);
        if (!result) {
          try {
            result = withoutDisabledTargets(
              nodesFor(posixFile, { workspaceRoot: context.workspaceRoot, projectRoot: posix.dirname(posixFile), options }, texts),
            );
          } catch (e) {
            if (!(e instanceof PostClassicProject)) throw e;
            result = { skipped: e.message };
          }
          cache.set(hash, result);
        }
        if (result.skipped) console.warn(result.skipped);
        else results.push([file, result]);
      } catch (e) {
        errors.push([file, e as Error]);
      }
    }
  } finally {
    cache.save();
  }
  if (errors.length) {
    const { AggregateCreateNodesError } = require('@nx/devkit') as typeof import('@nx/devkit');
    throw new AggregateCreateNodesError(errors, results as Array<[string, CreateNodesResult]>);
  }
  return results;
}

/** Infers wasmCloud projects from wasmcloud.toml (and bare interface dirs with codegen.toml). */
export const createNodes: CreateNodes<WasmcloudPluginOptions> = [PROJECT_FILE_GLOB, createNodesInternal];
