import type { ExecutorContext } from '@nx/devkit';
import { logger } from '@nx/devkit';
import { signActorFile } from '@nx-wasmcloud/wascap';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { toolEnv } from '../../utils/env';
import { PluginUserError } from '../../utils/user-error';
import { signingKeys } from '../shared/keys';
import { loadProject } from '../shared/project';
import { runExecutor } from '../shared/run-executor';
import type { SignExecutorSchema } from './schema';

/** wash build's signing step: claims from wasmcloud.toml, build/<bin>.wasm -> build/<bin>_s.wasm. */
export default async function signExecutor(options: SignExecutorSchema, context: ExecutorContext) {
  return runExecutor(async () => {
    const { dir, root, config: p } = loadProject(context);
    if (p.type !== 'actor') throw new PluginUserError(`${join(root, 'wasmcloud.toml')}: type is "${p.type}"; only actors are signed (providers use par)`);
    const src = join(dir, 'build', `${p.binName}.wasm`);
    const dest = join(dir, 'build', `${p.binName}_s.wasm`);
    if (!existsSync(src)) throw new PluginUserError(`${join(root, 'build', `${p.binName}.wasm`)} does not exist: run the build target first`);
    const env = toolEnv();
    const keys = await signingKeys(options, { role: 'module', name: p.binName }, { dir, keyDirectory: p.actor!.keyDirectory }, env);
    const result = await signActorFile(src, dest, {
      ...keys,
      name: p.name,
      caps: p.actor!.claims,
      rev: p.revision,
      ver: p.version,
      callAlias: p.actor!.callAlias,
      tags: p.actor!.tags.length ? p.actor!.tags : undefined,
      expiresInDays: options.expiresInDays,
      env,
    });
    logger.info(`Actor signed: ${result.destination} (module ${keys.subject.publicKey})`);
  });
}
