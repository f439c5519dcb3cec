import type { ExecutorContext } from '@nx/devkit';
import { logger } from '@nx/devkit';
import { rememberArtifact } from '@nx-wasmcloud/oci';
import { createPar, rustTripleToParTarget } from '@nx-wasmcloud/par';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { toolEnv } from '../../utils/env';
import { PluginUserError } from '../../utils/user-error';
import { signingKeys } from '../shared/keys';
import { loadProject } from '../shared/project';
import { runExecutor } from '../shared/run-executor';
import type { ParExecutorSchema } from './schema';

/** The binaries the build target left in build/bin/<triple>/, as PAR targets. */
export function builtBinaries(dir: string, binName: string): Array<{ target: string; path: string }> {
  const bin = join(dir, 'build', 'bin');
  if (!existsSync(bin)) return [];
  return readdirSync(bin, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .flatMap((triple) => {
      const file = [binName, `${binName}.exe`].map((f) => join(bin, triple, f)).find((f) => existsSync(f));
      return file ? [{ target: rustTripleToParTarget(triple), path: file }] : [];
    });
}

export default async function parExecutor(options: ParExecutorSchema, context: ExecutorContext) {
  return runExecutor(async () => {
    const { dir, root, config: p } = loadProject(context);
    if (p.type !== 'provider') throw new PluginUserError(`${join(root, 'wasmcloud.toml')}: type is "${p.type}"; only providers are packed into a PAR`);
    const binaries = builtBinaries(dir, p.binName);
    if (binaries.length === 0) throw new PluginUserError(`no binaries in ${join(root, 'build', 'bin')}: run the build target first`);
    const env = toolEnv();
    const keys = await signingKeys(options, { role: 'service', name: p.binName }, { dir }, env);
    const result = await createPar({
      binaries,
      capid: p.provider!.capabilityId,
      vendor: p.provider!.vendor,
      name: p.name,
      rev: p.revision,
      ver: p.version,
      schemaFile: options.schemaFile ? join(context.root, options.schemaFile) : undefined,
      ...keys,
      destination: join(dir, 'build', `${p.binName}.par.gz`),
      compress: true,
      env,
    });
    // The archive is valid by construction and its digest was computed while writing: the push
    // that usually follows then neither re-reads it nor inflates every binary to validate it.
    await rememberArtifact(result.file, { digest: result.fileDigest, size: result.fileSize, kind: 'provider' }, { env });
    logger.info(`Provider archive written: ${result.file} (${binaries.map((b) => b.target).join(', ')})`);
  });
}
