import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { HostUserError } from './errors';
import { OciSourceOptions, pullActorBytes } from './oci-source';

/**
 * An actor's bytes and the label errors name it by: a file path, bytes, or an OCI reference (a
 * string containing ':' or '/' that is not an existing file).
 */
export async function loadSource(source: string | Uint8Array, oci: OciSourceOptions): Promise<{ bytes: Uint8Array; label: string }> {
  if (source instanceof Uint8Array) return { bytes: source, label: `actor bytes (${source.length} bytes)` };
  if (typeof source !== 'string' || source.trim() === '') throw new HostUserError('an actor source must be a file path, an OCI reference or bytes');
  if (existsSync(source)) {
    if (!statSync(source).isFile()) throw new HostUserError(`${source}: not a file: give the actor's .wasm file`);
    return { bytes: new Uint8Array(await readFile(source)), label: source };
  }
  if (/[:/]/.test(source) && !source.endsWith('.wasm')) return { bytes: (await pullActorBytes(source, oci)).bytes, label: source };
  throw new HostUserError(`${source}: no such file (and not an OCI reference): check the path`);
}
