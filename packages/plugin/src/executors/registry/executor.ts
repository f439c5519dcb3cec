import type { ExecutorContext } from '@nx/devkit';
import { logger } from '@nx/devkit';
import { findRegistryBinary, startLocalRegistry } from '@nx-wasmcloud/oci';
import { execa } from 'execa';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { toolEnv } from '../../utils/env';
import { runTool } from '../../utils/run-tool';
import { PluginUserError } from '../../utils/user-error';
import { runExecutor } from '../shared/run-executor';
import type { RegistryExecutorSchema } from './schema';

/** Resolves when Nx (or the user) stops the task. */
function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    process.once('SIGTERM', done);
    process.once('SIGINT', done);
    process.once('SIGHUP', done);
  });
}

async function hasDocker(env: Record<string, string>): Promise<boolean> {
  try {
    await execa('docker', ['version', '--format', '{{.Server.Version}}'], { env, extendEnv: false });
    return true;
  } catch {
    return false;
  }
}

export default async function registryExecutor(options: RegistryExecutorSchema, context: ExecutorContext) {
  return runExecutor(async () => {
    const host = options.host ?? '127.0.0.1';
    const port = options.port ?? 5000;
    const storageDir = join(context.root, options.storageDir ?? '.wasmcloud/registry');
    mkdirSync(storageDir, { recursive: true });
    const env = toolEnv();
    let binaryFound = true;
    try {
      findRegistryBinary(env);
    } catch {
      binaryFound = false;
    }
    if (!binaryFound) {
      if (!(await hasDocker(env))) {
        throw new PluginUserError('no OCI registry to run: install the Distribution registry (Debian: "apt-get install docker-registry") or Docker');
      }
      logger.info(`Starting registry:2 in Docker on ${host}:${port}`);
      await runTool('docker', ['run', '--rm', '-p', `${host}:${port}:5000`, '-v', `${storageDir}:/var/lib/registry`, 'registry:2'], { cwd: context.root, env });
      return;
    }
    const registry = await startLocalRegistry({ host, port, storageDir });
    logger.info(`OCI registry listening on ${registry.scheme}://${registry.url} (storage ${storageDir}); stop with Ctrl-C`);
    await untilStopped();
    await registry.stop();
  });
}
