import { promises as fs, constants as fsConstants } from 'node:fs';
import * as path from 'node:path';
import { InvalidKeyError, KeyStoreError } from './errors';
import { isKeyRole, KEY_ROLES, KeyPair, KeyRole } from './nkeys';
import { tempPathBeside, writeAtomically } from './atomic-file';
import { keyDirectory, KeyDirectoryOptions } from './key-directory';
import { mayHoldSecret } from './secret-text';

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

/** Error codes of file systems without hard links, where the exclusive create falls back to `wx`. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

function ioCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? String(e);
}

/** The bare seed in a new 0600 file, flushed to disk before anyone can see it under its final name. */
async function writeSeedFile(file: string, key: KeyPair, flag: 'wx'): Promise<void> {
  const handle = await fs.open(file, flag, 0o600);
  try {
    // The mode given to open is masked by the umask; a key file is 0600 whatever the umask.
    await handle.chmod(0o600);
    await handle.writeFile(key.seed);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Creates `file` holding `key` only if no file of that name exists, atomically: the seed goes to a
 * private temp file which is then hard-linked to the final name, and link(2) fails with EEXIST when
 * another process got there first. So a reader sees either no file or a complete one, and two
 * processes generating the same key at once cannot overwrite each other (a check-then-rename lets
 * the later rename replace a key the earlier process already signed with). Returns false when the
 * file already existed.
 */
async function createKeyFileExclusive(file: string, key: KeyPair): Promise<boolean> {
  const dir = path.dirname(file);
  await ensureKeyDirectory(dir);
  const tmp = tempPathBeside(file);
  try {
    await writeSeedFile(tmp, key, 'wx');
    try {
      await fs.link(tmp, file);
      return true;
    } catch (e) {
      const code = ioCode(e);
      if (code === 'EEXIST') return false;
      if (!NO_HARD_LINKS.has(code)) throw e;
    }
    try {
      await writeSeedFile(file, key, 'wx');
      return true;
    } catch (e) {
      if (ioCode(e) === 'EEXIST') return false;
      throw e;
    }
  } catch (e) {
    throw new KeyStoreError(`cannot write key file ${file}: ${ioCode(e)}`);
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

/**
 * Writes the bare seed (no newline), file 0600 in a 0700 directory. Without `overwrite` the file is
 * created exclusively and an existing one is an error; with it, a temp file is renamed over it.
 */
export async function writeKeyFile(file: string, key: KeyPair, options: { overwrite?: boolean } = {}): Promise<void> {
  if (!options.overwrite) {
    if (!(await createKeyFileExclusive(file, key))) throw new KeyStoreError(`key file ${file} already exists; refusing to overwrite it`);
    return;
  }
  const dir = path.dirname(file);
  await ensureKeyDirectory(dir);
  try {
    await writeAtomically(file, (tmp) => writeSeedFile(tmp, key, 'wx'));
  } catch (e) {
    throw new KeyStoreError(`cannot write key file ${file}: ${ioCode(e)}`);
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
  /**
   * What the user calls `explicit`, e.g. `-i/--issuer` or `WASH_ISSUER_KEY`. Errors name it; they
   * never quote a value that may be a (mistyped) seed.
   */
  explicitSource?: string;
  /** Base for a relative `explicit` path; defaults to the process's working directory. */
  cwd?: string;
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
  if (opts.explicit !== undefined && opts.explicit !== '') return resolveExplicit(opts.explicit, opts.role, opts);
  const name = opts.name ?? defaultKeyName(opts.role, undefined, env);
  const file = path.join(keyDirectory({ directory: opts.directory, projectDirectory: opts.projectDirectory, env }), keyFileName(name, opts.role));
  if (await isFile(file)) return { key: await readKeyFile(file, opts.role), file, generated: false };
  if (opts.disableKeygen) {
    throw new KeyStoreError(`No keypair found in ${file}, please ensure key exists or supply one as a flag`);
  }
  const key = KeyPair.create(opts.role);
  // Another process (nx run-many signs many artifacts at once) may create the same key between the
  // check above and here: then its key is the one on disk, and the one to sign with.
  if (!(await createKeyFileExclusive(file, key))) return { key: await readKeyFile(file, opts.role), file, generated: false };
  (opts.notice ?? ((m: string) => process.stderr.write(m + '\n')))(keygenNotice(file));
  return { key, file, generated: true };
}

/**
 * An explicit value is a key file if one exists at that path, else a literal seed. A value that
 * may hold a secret is never quoted back, not even as a path: `${SEED}Q` is not a valid seed,
 * so it would otherwise be reported as a missing file named after the seed.
 */
async function resolveExplicit(value: string, role: KeyRole, opts: ResolveKeyPairOptions): Promise<ResolvedKeyPair> {
  const candidate = path.resolve(opts.cwd ?? process.cwd(), value);
  if (await isFile(candidate)) return { key: await readKeyFile(candidate, role), file: candidate, generated: false };
  const secret = mayHoldSecret(value);
  const given = opts.explicitSource ? ` (given by ${opts.explicitSource})` : '';
  // Base32 has no path separators, so such a value was meant as a file.
  if (!secret && (value.includes('/') || value.includes(path.sep))) {
    throw new KeyStoreError(`the ${role} key file ${candidate}${given} does not exist`);
  }
  try {
    return { key: KeyPair.fromSeed(seedFromText(value), role), generated: false };
  } catch (e) {
    // fromSeed's messages name lengths, checksums and roles, never the text.
    const subject = opts.explicitSource ? `the value of ${opts.explicitSource}` : `the ${role} key given`;
    const file = secret ? 'a key file' : `an existing key file (${candidate})`;
    throw new InvalidKeyError(`${subject} is neither ${file} nor a valid seed: ${(e as Error).message}`);
  }
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
  // A seed pasted where a key name belongs must not be echoed back.
  const shown = mayHoldSecret(keyName) ? 'the key name given (not shown: it looks like a seed)' : `the key name '${keyName}'`;
  if (base.includes('/') || base.includes(path.sep)) throw new KeyStoreError(`${shown} must be a file name, not a path`);
  const file = path.join(directory, base);
  if (!(await isFile(file))) throw new KeyStoreError(`${shown} matches no key in ${directory} (run 'keys list' to see the stored keys)`);
  return { file, key: await readKeyFile(file) };
}

export function fileIsPrivate(mode: number): boolean {
  return (mode & (fsConstants.S_IRWXG | fsConstants.S_IRWXO)) === 0;
}
