import { formatFiles, generateFiles, type Tree } from '@nx/devkit';
import { join } from 'node:path';
import { PluginUserError } from '../../utils/user-error';
import { normalizeProject, tomlStringArray, writeTags } from '../shared/normalize';
import type { ActorGeneratorSchema } from './schema';

const TEMPLATE_DIRS: Record<string, string> = { hello: 'rust-hello', minimal: 'rust-minimal', 'echo-tinygo': 'tinygo-echo' };

export function parseCapabilities(list: string | undefined, fallback: string[]): string[] {
  if (list === undefined) return fallback;
  const caps = list
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  for (const c of caps) {
    if (!/^[a-z0-9_.:-]+$/i.test(c)) throw new PluginUserError(`capability "${c}" is not a contract id (like wasmcloud:httpserver)`);
  }
  return caps;
}

/** `wash new actor`: a wasmcloud.toml project; Nx infers every target from it. */
export async function actorGenerator(tree: Tree, options: ActorGeneratorSchema) {
  const template = options.template ?? (options.language === 'tinygo' ? 'echo-tinygo' : 'hello');
  const dir = TEMPLATE_DIRS[template];
  if (!dir) throw new PluginUserError(`template "${template}" is unknown; use ${Object.keys(TEMPLATE_DIRS).join(', ')}`);
  if (options.language === 'tinygo' && template !== 'echo-tinygo') {
    throw new PluginUserError(`template "${template}" is Rust; use --template=echo-tinygo with --language=tinygo`);
  }
  const p = normalizeProject(tree, options, 'actor');
  const claims = parseCapabilities(options.capabilities, ['wasmcloud:httpserver']);
  generateFiles(tree, join(__dirname, 'files', dir), p.root, { ...p.vars, claims: tomlStringArray(claims) });
  writeTags(tree, p);
  if (!options.skipFormat) await formatFiles(tree);
}

export default actorGenerator;
