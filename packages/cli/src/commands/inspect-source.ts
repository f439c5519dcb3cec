import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { artifactForInspect, isLayoutReference, parseLayoutReference } from '@nx-wasmcloud/oci';
import { Io } from '../output';
import { flagCredentials } from './registry-credentials';

// `claims inspect` and `par inspect` take a local file or, as wash's do, an OCI reference.
// The pulling, caching and credentials are @nx-wasmcloud/oci's; this only picks the source.

/** wash's registry flags of `claims inspect` / `par inspect`, used only when the argument is an OCI reference. */
export interface OciInspectFlags {
  digest?: string;
  allowLatest?: boolean;
  user?: string;
  password?: string;
  insecure?: boolean;
  /** Commander's `--no-cache`: false when given. */
  cache?: boolean;
}

export function addOciInspectOptions(cmd: Command): Command {
  return cmd
    .option('-d, --digest <digest>', 'manifest digest the pulled artifact must have (OCI reference only)')
    .option('--allow-latest', "allow the 'latest' tag or no tag (OCI reference only)")
    .option('-u, --user <user>', 'registry user (env WASH_REG_USER)')
    .option('-p, --password <password>', 'registry password (env WASH_REG_PASSWORD)')
    .option('--insecure', 'plain HTTP for this registry (env WASMCLOUD_OCI_ALLOWED_INSECURE lists such registries)')
    .option('--no-cache', "pull even when the hosts' cache ($TMPDIR/wasmcloud_ocicache) holds the reference");
}

/**
 * What the argument names. As in wash, a path that exists is read as a file (wash opens the file
 * first and pulls only when that fails). A missing path is pulled when it can be a reference:
 * `oci:<dir>`, a name with a tag, digest or port (`:`/`@`), or any name with --allow-latest.
 * Other missing paths (`./x.wasm`, `missing.par`) stay files: wash would refuse them as tagless
 * references, so only the message differs, and "no such file" is the one the user needs.
 */
export function inspectTargetKind(io: Io, target: string, allowLatest?: boolean): 'file' | 'reference' {
  if (existsSync(path.resolve(io.cwd, target))) return 'file';
  if (/^(~|\.|\/)/.test(target) || target.includes('\\')) return 'file';
  if (isLayoutReference(target)) return 'reference';
  if (/[:@]/.test(target) || allowLatest) return 'reference';
  return 'file';
}

/**
 * Runs `use` on a local file: the argument itself, or the OCI artifact behind it (the hosts' cache
 * file unless --no-cache, else a temporary pull that is removed afterwards). Error messages name
 * the reference (and the cache file it came from), never the temporary download.
 */
export async function withInspectSource<T>(io: Io, target: string, flags: OciInspectFlags, use: (file: string, label: string) => Promise<T>): Promise<T> {
  if (inspectTargetKind(io, target, flags.allowLatest) === 'file') return use(path.resolve(io.cwd, target), target);
  const reference = isLayoutReference(target) ? layoutFromCwd(io, target) : target;
  const source = await artifactForInspect({
    reference,
    digest: flags.digest,
    allowLatest: flags.allowLatest,
    insecure: flags.insecure,
    credentials: flagCredentials(io, flags.user, flags.password),
    env: io.env,
    noCache: flags.cache === false,
  });
  // A bad cache file is named, so the user can remove it; a temporary download is not worth naming.
  const label = source.fromCache ? `${target} (cached in ${source.file})` : target;
  try {
    return await use(source.file, label);
  } catch (err) {
    if (err instanceof Error && !source.fromCache) err.message = err.message.split(source.file).join(target);
    throw err;
  } finally {
    await source.dispose();
  }
}

/** `oci:<dir>` is relative to the command's cwd, not the process's. */
export function layoutFromCwd(io: Io, ref: string): string {
  const { dir, tag } = parseLayoutReference(ref);
  return `oci:${path.resolve(io.cwd, dir)}${tag ? `:${tag}` : ''}`;
}
