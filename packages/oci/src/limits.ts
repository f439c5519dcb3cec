import { OciError } from './errors';

/** The largest artifact pulled or pushed unless raised: far above real actors and provider archives. */
export const DEFAULT_MAX_ARTIFACT_BYTES = 512 * 1024 * 1024;

export const MAX_BYTES_ENV = 'NX_WASMCLOUD_OCI_MAX_BYTES';

const UNITS: Record<string, number> = { '': 1, k: 1024, ki: 1024, kib: 1024, m: 1 << 20, mi: 1 << 20, mib: 1 << 20, g: 1 << 30, gi: 1 << 30, gib: 1 << 30 };

/**
 * The artifact size limit: the explicit option, else $NX_WASMCLOUD_OCI_MAX_BYTES (bytes, or with a
 * binary unit: 2GiB, 700M), else 512 MiB. A registry or layout can declare any size and send
 * bytes without end; this is what stops it before the disk fills.
 */
export function maxArtifactBytes(option: number | undefined, env: NodeJS.ProcessEnv): number {
  if (option !== undefined) {
    if (!Number.isSafeInteger(option) || option <= 0) throw new OciError(`maxBytes must be a positive whole number of bytes, not ${option}`);
    return option;
  }
  const raw = env[MAX_BYTES_ENV]?.trim();
  if (!raw) return DEFAULT_MAX_ARTIFACT_BYTES;
  const m = /^(\d+)\s*([a-z]*)$/i.exec(raw);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  const value = m && unit ? Number(m[1]) * unit : NaN;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new OciError(`${MAX_BYTES_ENV}='${raw.slice(0, 40)}' is not a size: give bytes, or a number with KiB, MiB or GiB (e.g. 2GiB)`);
  }
  return value;
}

export function formatBytes(n: number): string {
  if (n >= 1 << 30 && n % (1 << 30) === 0) return `${n / (1 << 30)} GiB`;
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  return `${n} bytes`;
}

/** The one-line refusal for anything larger than the limit. */
export function tooLarge(what: string, size: number, limit: number): OciError {
  return new OciError(
    `${what} is ${formatBytes(size)}, more than the ${formatBytes(limit)} limit: if it is genuine, raise the limit with ${MAX_BYTES_ENV}=<bytes> (e.g. 2GiB)`,
  );
}
