import { addDependenciesToPackageJson, readJson, readNxJson, writeJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { parseCacheRepository } from '@nx-wasmcloud/oci';
import { PluginUserError } from '../../utils/user-error';
import { version } from '../../version';

/** The port `nx-wasmcloud cache serve` listens on by default (and the `cache` target uses). */
export const CACHE_PORT = 4650;
export const CACHE_TARGET = 'cache';
const ENV_MARKER = '# Nx remote cache in an OCI registry (@nx-wasmcloud/plugin:init --remote-cache)';

/** `oci://host[:port]/repository` -> `host[:port]/repository`, checked as an OCI name. */
export function parseRemoteCache(value: string): { registry: string; repository: string; whole: string } {
  if (!/^oci:\/\//i.test(value))
    throw new PluginUserError(`--remote-cache '${value}': expected oci://<registry>/<repository>, e.g. oci://ghcr.io/acme/nx-cache`);
  let parsed: { registry: string; repository: string };
  try {
    parsed = parseCacheRepository(value.slice('oci://'.length));
  } catch (err) {
    throw new PluginUserError(`--remote-cache '${value}': ${(err as Error).message}`);
  }
  return { ...parsed, whole: `${parsed.registry}/${parsed.repository}` };
}

/** A loopback registry is plain HTTP unless told otherwise (wash's own rule for localhost). */
function isLoopback(registry: string): boolean {
  return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/i.test(registry);
}

/** The workspace-root project's name as the plugin names it (plugin option, root package.json, 'workspace'). */
function rootProjectName(tree: Tree): string {
  const entry = (readNxJson(tree)?.plugins ?? []).find((p) => typeof p !== 'string' && p.plugin === '@nx-wasmcloud/plugin');
  const option = typeof entry === 'object' ? (entry.options as { workspaceProjectName?: string } | undefined)?.workspaceProjectName : undefined;
  if (option) return option;
  const name = tree.exists('package.json') ? readJson<{ name?: string }>(tree, 'package.json').name : undefined;
  return name || 'workspace';
}

/**
 * For `--remote-cache`: a continuous `cache` target on the workspace-root project (a root
 * project.json, merged by Nx with the plugin's inferred targets) running `nx-wasmcloud cache serve`,
 * @nx-wasmcloud/cli as a dev dependency, and the NX_SELF_HOSTED_REMOTE_CACHE_SERVER setup in `.env`.
 *
 * The variable is written commented out: Nx 24 fails every run with cacheable tasks while the
 * server it names does not answer (measured), so a committed `.env` that set it would break the
 * build of every teammate who has not started the server. Each developer opts in (`.env.local`).
 */
export function addRemoteCache(tree: Tree, value: string): GeneratorCallback {
  const cache = parseRemoteCache(value);
  const command = ['nx-wasmcloud cache serve', `--registry ${cache.whole}`, `--port ${CACHE_PORT}`, ...(isLoopback(cache.registry) ? ['--insecure'] : [])].join(
    ' ',
  );
  const target = {
    command,
    continuous: true,
    cache: false,
    readyWhen: { port: CACHE_PORT, host: '127.0.0.1' },
    metadata: {
      technologies: ['wasmcloud'],
      description: `Serve Nx's remote cache from oci://${cache.whole} on http://127.0.0.1:${CACHE_PORT} until stopped`,
      help: { command: 'npx nx-wasmcloud cache serve --help', example: { options: { command: command } } },
    },
  };
  const project = tree.exists('project.json')
    ? readJson<Record<string, unknown>>(tree, 'project.json')
    : { name: rootProjectName(tree), $schema: 'node_modules/nx/schemas/project-schema.json' };
  project.targets = { ...((project.targets as object) ?? {}), [CACHE_TARGET]: target };
  writeJson(tree, 'project.json', project);

  const url = `http://127.0.0.1:${CACHE_PORT}`;
  const block = [
    ENV_MARKER,
    `# Records live in oci://${cache.whole}; \`nx run ${project.name as string}:${CACHE_TARGET}\` serves them on ${url}`,
    '# (registry login: docker login / credential helpers / WASH_REG_USER + WASH_REG_PASSWORD).',
    '# Nx fails every cached run while this server does not answer, so it is not switched on here:',
    `# each developer who runs the server puts the next line, uncommented, in .env.local (not committed).`,
    `# NX_SELF_HOSTED_REMOTE_CACHE_SERVER=${url}`,
    '# With NX_CACHE_SERVER_TOKEN set for the server, give Nx the same value:',
    '# NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN=<token>',
    '',
  ].join('\n');
  const env = tree.exists('.env') ? (tree.read('.env', 'utf-8') ?? '') : '';
  if (!env.includes(ENV_MARKER)) tree.write('.env', `${env}${env === '' || env.endsWith('\n') ? '' : '\n'}${env ? '\n' : ''}${block}`);
  else {
    // Re-run with another registry: the block is rewritten, the rest of .env kept.
    const start = env.indexOf(ENV_MARKER);
    const end = env.indexOf('\n\n', start);
    tree.write('.env', env.slice(0, start) + block + (end === -1 ? '' : env.slice(end + 2)));
  }
  return addDependenciesToPackageJson(tree, {}, { '@nx-wasmcloud/cli': version });
}
