import { formatFiles, generateFiles, type Tree } from '@nx/devkit';
import { join } from 'node:path';
import { contractIdFor } from '../shared/contract-id';
import { PluginUserError } from '../../utils/user-error';
import { normalizeProject, writeTags } from '../shared/normalize';
import type { ProviderGeneratorSchema } from './schema';

const TEMPLATE_DIRS: Record<string, string> = { factorial: 'rust-factorial', minimal: 'rust-minimal' };

export { CONTRACT_ID } from '../shared/contract-id';

/** `wash new provider`: a wasmcloud.toml project (type provider); Nx infers build, par, push. */
export async function providerGenerator(tree: Tree, options: ProviderGeneratorSchema) {
  const template = options.template ?? 'factorial';
  const dir = TEMPLATE_DIRS[template];
  if (!dir) throw new PluginUserError(`template "${template}" is unknown; use ${Object.keys(TEMPLATE_DIRS).join(', ')}`);
  if (options.language && options.language !== 'rust') throw new PluginUserError(`language "${options.language}" is not supported for providers; use rust`);
  const contractId = contractIdFor(options.name ?? '', options.contractId);
  const p = normalizeProject(tree, options, 'provider');
  generateFiles(tree, join(__dirname, 'files', dir), p.root, { ...p.vars, contractId });
  writeTags(tree, p);
  if (!options.skipFormat) await formatFiles(tree);
}

export default providerGenerator;
