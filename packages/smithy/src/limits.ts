import { SmithyError } from './errors';

/**
 * Bounds on what a codegen.toml can make us wait for or hold: a `[[models]] url` download and the
 * formatter command. Real interface models are tens of KiB and rustfmt takes well under a second,
 * so the defaults only ever stop a server or a command that misbehaves. Each can be raised with an
 * environment variable (shown in the error that hits it).
 */
export interface SmithyLimits {
  /** Whole download (connect, headers, body) of one model URL. SMITHY_DOWNLOAD_TIMEOUT, seconds. */
  downloadTimeoutMs: number;
  /** Body size of one model URL. SMITHY_DOWNLOAD_MAX_BYTES. */
  downloadMaxBytes: number;
  /** One run of the formatter (rustfmt or [lang] formatter) on one file. SMITHY_FORMATTER_TIMEOUT, seconds. */
  formatterTimeoutMs: number;
  /** One local model file or codegen.toml. SMITHY_MAX_FILE_BYTES. */
  fileMaxBytes: number;
}

export const DEFAULT_LIMITS: Readonly<SmithyLimits> = Object.freeze({
  downloadTimeoutMs: 30_000,
  downloadMaxBytes: 16 * 1024 * 1024,
  formatterTimeoutMs: 60_000,
  fileMaxBytes: 64 * 1024 * 1024,
});

export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env): SmithyLimits {
  return {
    downloadTimeoutMs: positive(env, 'SMITHY_DOWNLOAD_TIMEOUT', 1000) ?? DEFAULT_LIMITS.downloadTimeoutMs,
    downloadMaxBytes: positive(env, 'SMITHY_DOWNLOAD_MAX_BYTES', 1) ?? DEFAULT_LIMITS.downloadMaxBytes,
    formatterTimeoutMs: positive(env, 'SMITHY_FORMATTER_TIMEOUT', 1000) ?? DEFAULT_LIMITS.formatterTimeoutMs,
    fileMaxBytes: positive(env, 'SMITHY_MAX_FILE_BYTES', 1) ?? DEFAULT_LIMITS.fileMaxBytes,
  };
}

function positive(env: NodeJS.ProcessEnv, name: string, scale: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new SmithyError(`${name}=${JSON.stringify(raw).slice(0, 40)} is not a positive number`);
  return Math.round(n * scale);
}

/** "30 s", "500 ms": how a limit is shown in an error. */
export function showMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
