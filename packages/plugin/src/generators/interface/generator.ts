import { addDependenciesToPackageJson, formatFiles, generateFiles, installPackagesTask, logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import { join } from 'node:path';
import { toSnakeCase } from '../../utils/names';
import { PluginUserError } from '../../utils/user-error';
import { contractIdFor } from '../shared/contract-id';
import { normalizeProject, writeTags } from '../shared/normalize';
import type { InterfaceGeneratorSchema } from './schema';

const NAMESPACE = /^[a-z][a-z0-9_.]+$/;

/**
 * `wash new interface`: the model, codegen.toml and wasmcloud.toml. The default template is the one
 * that builds and tests offline (`minimal`); `factorial` adds wash's Rust crate, which needs crates.io.
 */
export async function interfaceGenerator(tree: Tree, options: InterfaceGeneratorSchema) {
  const template = options.template ?? 'minimal';
  if (template !== 'factorial' && template !== 'minimal') throw new PluginUserError(`template "${template}" is unknown; use factorial or minimal`);
  const snake = toSnakeCase(options.name ?? '');
  const contractId = contractIdFor(options.name ?? '', options.contractId);
  const namespace = options.namespace ?? `org.example.interfaces.${snake}`;
  if (!NAMESPACE.test(namespace)) throw new PluginUserError(`namespace "${namespace}" is not valid: lowercase letters, digits, "_" and "."`);
  const p = normalizeProject(tree, options, 'interface');
  const language = options.language ?? 'rust';
  if (language !== 'rust' && language !== 'typescript')
    throw new PluginUserError(`language "${language}" is not supported for interfaces; use rust or typescript`);
  const vars = {
    ...p.vars,
    contractId,
    namespace,
    crateName: `${snake}_interface`,
    npmName: `${p.vars.kebabName}-interface`,
    typescript: language === 'typescript',
  };
  generateFiles(tree, join(__dirname, 'files', 'common'), p.root, vars);
  if (template === 'factorial') {
    generateFiles(tree, join(__dirname, 'files', 'rust-crate'), p.root, vars);
    logger.warn(
      `${p.root}/rust: the factorial template's crate depends on wasmbus-rpc from crates.io; build and test need network access (--template=minimal works offline)`,
    );
  }
  let install: GeneratorCallback | undefined;
  if (language === 'typescript') {
    generateFiles(tree, join(__dirname, 'files', 'typescript'), p.root, vars);
    // The generated code's runtime dependencies and the build/test tools, at the workspace root
    // (the ts/ package is not a workspace member, and resolves them from there).
    addDependenciesToPackageJson(tree, TS_DEPENDENCIES, TS_DEV_DEPENDENCIES);
    if (!options.skipInstall) install = () => installPackagesTask(tree);
  }
  writeTags(tree, p);
  if (!options.skipFormat) await formatFiles(tree);
  return install;
}

export const TS_DEPENDENCIES = { '@msgpack/msgpack': '^3.1.0', 'cbor-x': '^1.6.0' };
export const TS_DEV_DEPENDENCIES = { typescript: '^5.9.0', jest: '^30.0.0' };

export default interfaceGenerator;
