import { promises as fs, constants as fsConstants } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { InvalidKeyError, KeyStoreError } from './errors';
import { isKeyRole, KEY_ROLES, KeyPair, KeyRole } from './nkeys';

export interface KeyDirectoryOptions {
  /** `--directory`; wins over WASH_KEYS. */
  directory?: string;
  env?: NodeJS.ProcessEnv;
}

/** `--directory`, else `$WASH_KEYS`, else `~/.wash/keys` (wash's `cfg_dir()/keys`). */
export function keyDirectory(opts: KeyDirectoryOptions = {}): string {
  const env = opts.env ?? process.env;
  if (opts.directory) return path.resolve(opts.directory);
  if (env.WASH_KEYS) return path.resolve(env.WASH_KEYS);
  return path.join(env.HOME || homedir(), '.wash', 'keys');
}

/** The file stem wash uses: `$USER` (default `user`) for account keys, else the artifact's stem. */
export function defaultKeyName(role: KeyRole, artifactPath: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (role === 'account') return env.USER || 'user';
  if (!artifactPath) throw new KeyStoreError(`a ${role} key needs a name (the artifact's file stem)`);
  return path.parse(artifactPath).name;
}

export function keyFileName(name: string, role: KeyRole): string {
  return `${name}_${role}.nk`;
}

/** Wording of wash's `extract_keypair` (old wash, 0.x), which users and scripts know. */
export function keygenNotice(file: string): string {
  return `No keypair found in "${file}".\nWe will generate one for you and place it there.\nIf you'd like to use alternative keys, you can supply them as a flag.`;
}

/** Seed text from a key file; committed .nk files often end in "\n" or "\n\n", which wash would reject. */
function seedFromText(text: string): string {
  return text.replace(/[\r\n\t ]+$/, '').replace(/^[\r\n\t ]+/, '');
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}

/** Reads a seed file; errors name the file but never its contents. */
export async function readKeyFile(file: string, expectedRole?: KeyRole): Promise<KeyPair> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new KeyStoreError(`cannot read key file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return KeyPair.fromSeed(seedFromText(text), expectedRole);
  } catch (e) {
    throw new InvalidKeyError(`key file ${file}: ${(e as Error).message}`);
  }
}

/** Writes the bare seed (no newline), file 0600 in a 0700 directory, via a temp file + rename. */
export async function writeKeyFile(file: string, key: KeyPair, options: { overwrite?: boolean } = {}): Promise<void> {
  const dir = path.dirname(file);
  await ensureKeyDirectory(dir);
  if (!options.overwrite && (await isFile(file))) throw new KeyStoreError(`key file ${file} already exists; refusing to overwrite it`);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fs.writeFile(tmp, key.seed, { mode: 0o600, flag: 'wx' });
    await fs.chmod(tmp, 0o600);
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw new KeyStoreError(`cannot write key file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

async function ensureKeyDirectory(dir: string): Promise<void> {
  try {
    const existed = await fs.stat(dir).then(
      () => true,
      () => false,
    );
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    // Only tighten a directory we created; an existing one is the user's choice.
    if (!existed) await fs.chmod(dir, 0o700);
  } catch (e) {
    throw new KeyStoreError(`cannot create key directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

export interface ResolveKeyPairOptions extends KeyDirectoryOptions {
  /** A path to a seed file or a literal seed (e.g. `-i` or WASH_ISSUER_KEY). */
  explicit?: string;
  role: KeyRole;
  /** File stem in the key directory; defaults to `$USER`/`user` for account keys. */
  name?: string;
  /** `--disable-keygen`: fail instead of generating a missing key. */
  disableKeygen?: boolean;
  /** Receives wash's "No keypair found …" notice when a key is generated. */
  notice?: (message: string) => void;
}

export interface ResolvedKeyPair {
  key: KeyPair;
  /** The file the key came from or was written to; undefined for a literal seed. */
  file?: string;
  generated: boolean;
}

/** resolveKeyPair with where the key came from. */
export async function resolveKeyPairDetailed(opts: ResolveKeyPairOptions): Promise<ResolvedKeyPair> {
  if (!isKeyRole(opts.role)) throw new KeyStoreError(`unknown key role '${String(opts.role)}' (expected one of ${KEY_ROLES.join(', ')})`);
  const env = opts.env ?? process.env;
  if (opts.explicit !== undefined && opts.explicit !== '') {
    const candidate = path.resolve(opts.explicit);
    if (await isFile(candidate)) return { key: await readKeyFile(candidate, opts.role), file: candidate, generated: false };
    // Base32 has no path separators, so such a value was meant as a file.
    if (opts.explicit.includes('/') || opts.explicit.includes(path.sep)) {
      throw new KeyStoreError(`the ${opts.role} key file ${candidate} does not exist`);
    }
    try {
      return { key: KeyPair.fromSeed(seedFromText(opts.explicit), opts.role), generated: false };
    } catch (e) {
      // Never echo the value: it may be a seed with a typo.
      throw new InvalidKeyError(`the ${opts.role} key given is neither an existing file nor a valid seed (${(e as Error).message})`);
    }
  }
  const name = opts.name ?? defaultKeyName(opts.role, undefined, env);
  const file = path.join(keyDirectory({ directory: opts.directory, env }), keyFileName(name, opts.role));
  if (await isFile(file)) return { key: await readKeyFile(file, opts.role), file, generated: false };
  if (opts.disableKeygen) {
    throw new KeyStoreError(`No keypair found in ${file}, please ensure key exists or supply one as a flag`);
  }
  const key = KeyPair.create(opts.role);
  await writeKeyFile(file, key);
  (opts.notice ?? ((m: string) => process.stderr.write(m + '\n')))(keygenNotice(file));
  return { key, file, generated: true };
}

/** wash's `extract_keypair`: explicit path or seed, else `<dir>/<name>_<role>.nk`, generated if missing. */
export async function resolveKeyPair(opts: ResolveKeyPairOptions): Promise<KeyPair> {
  return (await resolveKeyPairDetailed(opts)).key;
}

export interface StoredKey {
  file: string;
  /** File name without `.nk`, e.g. `alice_account`: what `keys get` takes. */
  keyName: string;
  role?: KeyRole;
}

/** `wash keys list`: the `*.nk` files in the key directory, sorted. */
export async function listKeys(opts: KeyDirectoryOptions = {}): Promise<{ directory: string; keys: StoredKey[] }> {
  const directory = keyDirectory(opts);
  let entries: string[];
  try {
    entries = await fs.readdir(directory);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { directory, keys: [] };
    throw new KeyStoreError(`cannot list key directory ${directory}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const keys = entries
    .filter((f) => f.endsWith('.nk'))
    .sort()
    .map((f) => {
      const keyName = f.slice(0, -3);
      const suffix = keyName.slice(keyName.lastIndexOf('_') + 1);
      return { file: path.join(directory, f), keyName, role: isKeyRole(suffix) ? suffix : undefined };
    });
  return { directory, keys };
}

/** `wash keys get <name>`: reads `<dir>/<name>.nk` (the `.nk` suffix is optional). */
export async function getKey(keyName: string, opts: KeyDirectoryOptions = {}): Promise<{ file: string; key: KeyPair }> {
  const directory = keyDirectory(opts);
  const base = keyName.endsWith('.nk') ? keyName : `${keyName}.nk`;
  if (base.includes('/') || base.includes(path.sep)) throw new KeyStoreError(`key name '${keyName}' must be a file name, not a path`);
  const file = path.join(directory, base);
  if (!(await isFile(file))) throw new KeyStoreError(`no key named '${keyName}' in ${directory} (run 'keys list' to see the stored keys)`);
  return { file, key: await readKeyFile(file) };
}

export function fileIsPrivate(mode: number): boolean {
  return (mode & (fsConstants.S_IRWXG | fsConstants.S_IRWXO)) === 0;
}
