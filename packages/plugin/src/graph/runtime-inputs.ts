import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../utils/package-root';

const INSTALLED = 'node_modules/@nx-wasmcloud/plugin/dist/bin/hash-input.js';

/**
 * Node 20 parses the NODE_EXTRA_CA_CERTS bundle at start-up, before any code runs (nodejs/node#40524):
 * ~35 ms for a system bundle, paid by every runtime input on every Nx run where the variable is set,
 * as it commonly is behind corporate proxies. hash-input.js never opens a TLS connection, so the
 * variable is emptied for it (an empty value is not read). Nx runs runtime inputs with `sh -c`
 * except on Windows, whose `cmd /C` has no such syntax.
 */
const NO_EXTRA_CA = 'NODE_EXTRA_CA_CERTS= ';

/**
 * The `node .../hash-input.js` prefix for runtime inputs (after NO_EXTRA_CA). Through the
 * workspace's node_modules when the plugin is installed there, so the command text is the same on
 * every machine; else absolute.
 */
function scriptCommand(workspaceRoot: string, platform: NodeJS.Platform = process.platform): string {
  const installed = join(workspaceRoot, INSTALLED);
  const own = join(packageRoot(), 'dist/bin/hash-input.js');
  let script = JSON.stringify(own);
  try {
    if (existsSync(installed) && realpathSync(installed) === realpathSync(own)) script = INSTALLED;
  } catch {
    // keep the absolute path
  }
  return `${platform === 'win32' ? '' : NO_EXTRA_CA}node ${script}`;
}

/**
 * Runtime input hashing the toolchain the executors will pick (its version lines). The command is
 * the same for every project of a language, so Nx runs it once per invocation.
 */
export function toolchainInput(workspaceRoot: string, language: string, target?: string, platform?: NodeJS.Platform): { runtime: string } {
  return { runtime: `${scriptCommand(workspaceRoot, platform)} toolchain ${language}${target ? ` ${target}` : ''}` };
}

/**
 * Runtime input hashing the PUBLIC keys of the signing keys (WASH_ISSUER_KEY / WASH_SUBJECT_KEY and
 * the key directory's account, module and service keys), never a seed: a changed key re-signs, and
 * no secret reaches the task hash. The same command for every actor and provider sharing a key
 * directory, so Nx runs it once per invocation.
 */
export function keysInput(workspaceRoot: string, keyDirectory?: string, platform?: NodeJS.Platform): { runtime: string } {
  const dir = keyDirectory ? ` ${JSON.stringify(keyDirectory)}` : '';
  return { runtime: `${scriptCommand(workspaceRoot, platform)} keys${dir}` };
}
