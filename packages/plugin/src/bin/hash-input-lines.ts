import { readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { workspaceDataDirectory } from '../graph/nodes-cache';
import { toolEnv } from '../utils/env';
import { PublicKeyCache } from './public-key-cache';
import { capture as versionOf, selectRustToolchain, selectTinygo } from '../utils/toolchain';

// Loaded only to derive a public key not in the cache: most runs need no key crypto at all.
const wascap = () => require('@nx-wasmcloud/wascap') as typeof import('@nx-wasmcloud/wascap');

/** The versions of the toolchain the executors would pick, or why there is none. */
export async function toolchainLines(language: string, target: string | undefined, env = toolEnv()): Promise<string[]> {
  try {
    if (language === 'tinygo') {
      const tinygo = await selectTinygo({ env });
      return [await versionOf(tinygo, ['version'], env)];
    }
    const tc = await selectRustToolchain({ env, target });
    return [await versionOf(tc.rustc, ['-vV'], tc.env), await versionOf(tc.cargo, ['-V'], tc.env), target ? `target ${target}` : 'host'];
  } catch (e) {
    return [`absent: ${(e as Error).message}`];
  }
}

async function explicitKey(label: string, value: string | undefined): Promise<string> {
  if (!value) return `${label}: unset`;
  try {
    let isFile = false;
    try {
      isFile = statSync(value).isFile();
    } catch {
      isFile = false;
    }
    const { readKeyFile, KeyPair } = wascap();
    const key = isFile ? await readKeyFile(value) : KeyPair.fromSeed(value.trim());
    return `${label}: ${key.publicKey}`;
  } catch {
    // Never echo the value: it may be a mistyped seed.
    return `${label}: invalid`;
  }
}

/** wascap's key directory rule (`--directory` > WASH_KEYS > ~/.wash/keys), without loading wascap. */
function keyDirectory(directory: string | undefined, env: NodeJS.ProcessEnv): string {
  if (directory) return resolve(directory);
  if (env.WASH_KEYS) return resolve(env.WASH_KEYS);
  return join(env.HOME || homedir(), '.wash', 'keys');
}

/**
 * Public keys that signing may use: WASH_ISSUER_KEY / WASH_SUBJECT_KEY and every `<name>_<role>.nk`
 * in the key directory (the given one, else WASH_KEYS, else ~/.wash/keys) with role `account` or
 * `role`. Seeds are read, never printed; public keys of files are cached under workspace-data.
 */
export async function publicKeyLines(role: string, directory: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<string[]> {
  const lines = [await explicitKey('WASH_ISSUER_KEY', env.WASH_ISSUER_KEY), await explicitKey('WASH_SUBJECT_KEY', env.WASH_SUBJECT_KEY)];
  // Same precedence as the sign executor: WASH_KEYS beats a per-project key_directory.
  const dir = keyDirectory(env.WASH_KEYS ? undefined : directory, env);
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(`_account.nk`) || f.endsWith(`_${role}.nk`)).sort();
  } catch {
    return lines; // no key directory yet: keys will be generated on first use
  }
  const cache = new PublicKeyCache(join(workspaceDataDirectory(cwd), 'nx-wasmcloud-public-keys.json'));
  // Only the issuer's and this role's keys: a provider's new service key must not re-sign actors.
  for (const f of files) {
    const name = f.slice(0, -3);
    try {
      lines.push(`${name}: ${await cache.publicKey(join(dir, f), async () => (await wascap().readKeyFile(join(dir, f))).publicKey)}`);
    } catch {
      lines.push(`${name}: invalid`);
    }
  }
  cache.save();
  return lines;
}
