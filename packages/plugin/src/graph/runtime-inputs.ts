import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../utils/package-root';

const INSTALLED = 'node_modules/@nx-wasmcloud/plugin/dist/bin/hash-input.js';

/**
 * The `node .../hash-input.js` prefix for runtime inputs. Through the workspace's node_modules when
 * the plugin is installed there, so the command text is the same on every machine; else absolute.
 */
function scriptCommand(workspaceRoot: string): string {
  const installed = join(workspaceRoot, INSTALLED);
  const own = join(packageRoot(), 'dist/bin/hash-input.js');
  try {
    if (existsSync(installed) && realpathSync(installed) === realpathSync(own)) return `node ${INSTALLED}`;
  } catch {
    // fall through to the absolute path
  }
  return `node ${JSON.stringify(own)}`;
}

/**
 * Runtime input hashing the toolchain the executors will pick (its version lines). The command is
 * the same for every project of a language, so Nx runs it once per invocation.
 */
export function toolchainInput(workspaceRoot: string, language: string, target?: string): { runtime: string } {
  return { runtime: `${scriptCommand(workspaceRoot)} toolchain ${language}${target ? ` ${target}` : ''}` };
}

/**
 * Runtime input hashing the PUBLIC keys of the signing keys (WASH_ISSUER_KEY / WASH_SUBJECT_KEY and
 * the key directory's account, module and service keys), never a seed: a changed key re-signs, and
 * no secret reaches the task hash. The same command for every actor and provider sharing a key
 * directory, so Nx runs it once per invocation.
 */
export function keysInput(workspaceRoot: string, keyDirectory?: string): { runtime: string } {
  const dir = keyDirectory ? ` ${JSON.stringify(keyDirectory)}` : '';
  return { runtime: `${scriptCommand(workspaceRoot)} keys${dir}` };
}
