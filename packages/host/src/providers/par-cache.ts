import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { libCacheDir } from '@nx-wasmcloud/oci';
import { extractParTarget, hostParTarget, inspectPar, ParError, ParInspection } from '@nx-wasmcloud/par';
import { HostUserError } from '../errors';
import { cacheFiles, OciSourceOptions, pullActorBytes } from '../oci-source';

/** A provider archive on disk; `cleanup` removes a temporary copy made from bytes. */
export interface ParFile {
  file: string;
  label: string;
  cleanup(): Promise<void>;
}

const none = async () => undefined;

/**
 * A PAR from a file path, bytes, or an OCI reference (a string with ':' or '/' that is not an
 * existing file). A reference is pulled once into the hosts' OCI cache and read from there, as the
 * hosts do (`drain oci` empties it).
 */
export async function resolveParFile(source: string | Uint8Array, oci: OciSourceOptions): Promise<ParFile> {
  if (source instanceof Uint8Array) {
    const dir = await mkdtemp(join(tmpdir(), 'nx-wasmcloud-par-'));
    const file = join(dir, 'provider.par');
    await writeFile(file, source);
    return { file, label: `provider archive bytes (${source.length} bytes)`, cleanup: () => rm(dir, { recursive: true, force: true }) };
  }
  if (typeof source !== 'string' || source.trim() === '') throw new HostUserError('a provider source must be a PAR file path, an OCI reference or bytes');
  if (existsSync(source)) {
    if (!statSync(source).isFile()) throw new HostUserError(`${source}: not a file: give the provider archive (.par.gz)`);
    return { file: source, label: source, cleanup: none };
  }
  if (/[:/]/.test(source) && !/\.par(\.gz)?$/.test(source)) {
    await pullActorBytes(source, oci);
    return { file: cacheFiles(source, oci).bin, label: source, cleanup: none };
  }
  throw new HostUserError(`${source}: no such file (and not an OCI reference): check the path`);
}

/** otp `par.rs` normalize: lowercase, every non-alphanumeric character becomes '_'. */
export function normalizeCacheName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '_');
}

/**
 * Where the hosts keep an extracted provider binary (as wasmcloud-otp's `par.rs` cache_path lays it out):
 * `<temp>/wasmcloudcache/<service key>/<rev, or iat when rev is 0>/<capid>_<link name>`, normalized.
 * It lives under `drain lib`'s directory, so draining removes it.
 */
export function providerBinaryPath(o: {
  subject: string;
  rev?: number;
  iat?: number;
  capid: string;
  linkName: string;
  env?: NodeJS.ProcessEnv;
  platform?: string;
}): string {
  const revision = o.rev && o.rev > 0 ? o.rev : (o.iat ?? 0);
  const exe = (o.platform ?? process.platform) === 'win32' ? '.exe' : '';
  return join(libCacheDir(o.env), o.subject, String(revision), `${normalizeCacheName(o.capid)}_${normalizeCacheName(o.linkName)}${exe}`);
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex').toUpperCase();
}

export interface ExtractedProvider {
  /** The binary to run, in the PAR cache. */
  binary: string;
  target: string;
  claims: ParInspection;
  /** false when a binary with the right hash was already in the cache. */
  extracted: boolean;
}

/**
 * Checks the archive (claims signature, every target's hash), picks this machine's target and puts
 * its binary in the PAR cache. A cached binary is reused only when its hash still matches the
 * claims, so a file altered in the cache is replaced, never run.
 */
export async function extractProvider(par: ParFile, linkName: string, o: { target?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ExtractedProvider> {
  try {
    const target = o.target ?? hostParTarget();
    const claims = await inspectPar(par.file);
    if (!claims.valid) throw new HostUserError(`${par.label}: ${claims.problems[0]} (rebuild the archive with the par target)`);
    const entry = claims.targets.find((t) => t.target === target);
    if (!entry) {
      throw new HostUserError(
        `${par.label}: no binary for this machine's target ${target} (the archive has: ${claims.targets.map((t) => t.target).join(', ') || 'none'}); add one with par insert --arch ${target}`,
      );
    }
    const iat = typeof claims.claims.iat === 'number' ? claims.claims.iat : undefined;
    const binary = providerBinaryPath({ subject: claims.subject, rev: claims.rev, iat, capid: claims.capid, linkName, env: o.env });
    if (existsSync(binary) && (await sha256File(binary)) === entry.hash) return { binary, target, claims, extracted: false };
    await mkdir(join(binary, '..'), { recursive: true });
    await extractParTarget(par.file, target, binary);
    return { binary, target, claims, extracted: true };
  } catch (e) {
    if (e instanceof ParError) throw new HostUserError(e.message);
    throw e;
  }
}
