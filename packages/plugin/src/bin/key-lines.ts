import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
// wascap's key directory rule, from a subpath that loads no crypto (this runs on every task hash).
import { keyDirectory } from '@nx-wasmcloud/wascap/key-directory';
import { workspaceDataDirectory } from '../graph/nodes-cache';
import { PublicKeyCache } from './public-key-cache';

// Loaded only to derive a public key not in the cache: most runs need no key crypto at all.
const wascap = () => require('@nx-wasmcloud/wascap') as typeof import('@nx-wasmcloud/wascap');

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

/** Key files whose public keys the runtime input lists: the issuer role and the subject roles. */
const KEY_FILE = /_(account|module|service)\.nk$/;

/**
 * Public keys that signing may use: WASH_ISSUER_KEY / WASH_SUBJECT_KEY and every account, module
 * and service key (`<name>_<role>.nk`) in the key directory (the given one, else WASH_KEYS, else
 * ~/.wash/keys). One list for actors and providers, so Nx runs one process per invocation rather
 * than one per role. Seeds are read, never printed; public keys of files are cached under
 * workspace-data by file identity, so an unchanged directory costs a stat per key.
 */
export async function publicKeyLines(directory: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<string[]> {
  const lines = [await explicitKey('WASH_ISSUER_KEY', env.WASH_ISSUER_KEY), await explicitKey('WASH_SUBJECT_KEY', env.WASH_SUBJECT_KEY)];
  // The sign executor's rule (wascap's): WASH_KEYS beats a per-project key_directory.
  const dir = keyDirectory({ projectDirectory: directory, env });
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((f) => KEY_FILE.test(f))
      .sort();
  } catch {
    return lines; // no key directory yet: keys will be generated on first use
  }
  const cache = new PublicKeyCache(join(workspaceDataDirectory(cwd), 'nx-wasmcloud-public-keys.json'));
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
