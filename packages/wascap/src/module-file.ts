import { Stats, promises as fs } from 'node:fs';
import { InvalidWasmError, ModuleFileError } from './errors';
import { parseHeader, WasmEncoding } from './wasm-sections';

/** The largest module read into memory unless raised: far above real actors (a few MiB). */
export const DEFAULT_MAX_MODULE_BYTES = 64 * 1024 * 1024;
export const MAX_MODULE_BYTES_ENV = 'NX_WASMCLOUD_MAX_MODULE_BYTES';

const UNITS: Record<string, number> = { '': 1, k: 1024, ki: 1024, kib: 1024, m: 1 << 20, mi: 1 << 20, mib: 1 << 20, g: 1 << 30, gi: 1 << 30, gib: 1 << 30 };

/** The module size limit: the option, else $NX_WASMCLOUD_MAX_MODULE_BYTES (bytes, or 256MiB, 1GiB), else 64 MiB. */
export function maxModuleBytes(option: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  if (option !== undefined) {
    if (!Number.isSafeInteger(option) || option <= 0) throw new ModuleFileError(`maxBytes must be a positive whole number of bytes, not ${option}`);
    return option;
  }
  const raw = env[MAX_MODULE_BYTES_ENV]?.trim();
  if (!raw) return DEFAULT_MAX_MODULE_BYTES;
  const m = /^(\d+)\s*([a-z]*)$/i.exec(raw);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  const value = m && unit ? Number(m[1]) * unit : NaN;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new ModuleFileError(`${MAX_MODULE_BYTES_ENV}='${raw.slice(0, 40)}' is not a size: give bytes, or a number with KiB, MiB or GiB (e.g. 256MiB)`);
  }
  return value;
}

function formatBytes(n: number): string {
  if (n >= 1 << 30 && n % (1 << 30) === 0) return `${n / (1 << 30)} GiB`;
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  return `${n} bytes`;
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'a special file';
}

function ioMessage(label: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `cannot read '${label}': no such file`;
  if (code === 'EACCES' || code === 'EPERM') return `cannot read '${label}': permission denied`;
  return `cannot read '${label}': ${code ?? String(e)}`;
}

export interface ModuleFileOptions {
  /** How errors name the file (e.g. the OCI reference it came from); defaults to the path. */
  label?: string;
}

export interface OpenedModule {
  handle: fs.FileHandle;
  size: number;
  encoding: WasmEncoding;
  header: Uint8Array;
}

/**
 * Opens a module for reading after the checks that need no reading: it must be a regular file
 * (stat before open, since opening a FIFO blocks and /dev/zero never ends), and its first 8 bytes
 * must be a wasm header, so a large file of anything else is refused after reading 8 bytes.
 * The caller closes the handle.
 */
export async function openModuleFile(file: string, options: ModuleFileOptions = {}): Promise<OpenedModule> {
  const label = options.label ?? file;
  let st: Stats;
  try {
    st = await fs.stat(file);
  } catch (e) {
    throw new ModuleFileError(ioMessage(label, e));
  }
  if (!st.isFile()) throw new ModuleFileError(`'${label}' is ${kindOf(st)}, not a regular file; give the .wasm file itself`);
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (e) {
    throw new ModuleFileError(ioMessage(label, e));
  }
  try {
    // The path may have been swapped between stat and open; the handle is what gets read.
    const opened = await handle.stat();
    if (!opened.isFile()) throw new ModuleFileError(`'${label}' is ${kindOf(opened)}, not a regular file; give the .wasm file itself`);
    const header = new Uint8Array(8);
    const { bytesRead } = await handle.read(header, 0, 8, 0);
    let encoding: WasmEncoding;
    try {
      encoding = parseHeader(header, Math.min(bytesRead, opened.size));
    } catch (e) {
      throw new InvalidWasmError(`${label}: ${(e as Error).message}`);
    }
    return { handle, size: opened.size, encoding, header };
  } catch (e) {
    await handle.close();
    if (e instanceof ModuleFileError || e instanceof InvalidWasmError) throw e;
    throw new ModuleFileError(ioMessage(label, e));
  }
}

export interface ReadModuleFileOptions extends ModuleFileOptions {
  /** Largest module accepted; default maxModuleBytes(undefined, env). */
  maxBytes?: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * Reads a whole module into memory, bounded: a regular file, the wasm magic checked on its first
 * bytes, and no more than the size limit (checked on the size before reading, and again while
 * reading in case the file grows).
 */
export async function readModuleFile(file: string, options: ReadModuleFileOptions = {}): Promise<Uint8Array> {
  const label = options.label ?? file;
  const limit = maxModuleBytes(options.maxBytes, options.env);
  const { handle, size } = await openModuleFile(file, options);
  try {
    const tooLarge = (n: string) =>
      new ModuleFileError(
        `'${label}' is ${n}, more than the ${formatBytes(limit)} limit for a module: if it is genuine, raise the limit with ${MAX_MODULE_BYTES_ENV}=<bytes> (e.g. 256MiB)`,
      );
    if (size > limit) throw tooLarge(formatBytes(size));
    // One byte more than the limit tells a file that grew past it from one that is exactly at it.
    const buf = Buffer.allocUnsafe(Math.min(size, limit) + 1);
    let length = 0;
    while (length < buf.length) {
      const { bytesRead } = await handle.read(buf, length, buf.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > limit) throw tooLarge(`more than ${formatBytes(limit)}`);
    return new Uint8Array(buf.buffer, buf.byteOffset, length);
  } catch (e) {
    if (e instanceof ModuleFileError) throw e;
    throw new ModuleFileError(ioMessage(label, e));
  } finally {
    await handle.close();
  }
}
