import type { KeyPair } from '@nx-wasmcloud/wascap';
import { readFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { ParError } from './errors';
import { ioError } from './hash';
import { regularFile } from './input-file';
import { validateParTarget } from './targets';
import { writePar, WrittenPar } from './write-par';

export interface ParBinary {
  /** PAR target name, e.g. `x86_64-linux` (see rustTripleToParTarget). */
  target: string;
  path: string;
}

export interface CreateParOptions {
  binaries: ParBinary[];
  capid: string;
  vendor: string;
  name: string;
  rev?: number;
  ver?: string;
  /** `config_schema` value; or give `schemaFile`. */
  schema?: unknown;
  /** A JSON file holding `config_schema` (wash `-j/--schema`). */
  schemaFile?: string;
  issuer: KeyPair;
  subject: KeyPair;
  /** Defaults to `<first binary stem>.par[.gz]` in `cwd`. `.gz` is appended when compressing. */
  destination?: string;
  cwd?: string;
  compress?: boolean;
  /** SOURCE_DATE_EPOCH here makes the archive reproducible. */
  env?: NodeJS.ProcessEnv;
}

export type CreateParResult = WrittenPar;

const I32_MIN = -(2 ** 31);
const I32_MAX = 2 ** 31 - 1;

/** `wash par create`: a PAR holding signed provider claims and one binary per target. */
export async function createPar(options: CreateParOptions): Promise<CreateParResult> {
  if (options.binaries.length === 0) throw new ParError('at least one binary (--arch with --binary) is required');
  for (const b of options.binaries) validateParTarget(b.target);
  requireText(options.capid, 'capid');
  requireText(options.vendor, 'vendor');
  requireText(options.name, 'name');
  if (options.rev !== undefined && (!Number.isInteger(options.rev) || options.rev < I32_MIN || options.rev > I32_MAX)) {
    throw new ParError(`revision ${options.rev} is not a 32-bit integer`);
  }
  if (options.schema !== undefined && options.schemaFile !== undefined) {
    throw new ParError('give the config schema either as a value or as a file, not both');
  }
  const compress = options.compress ?? false;
  const cwd = options.cwd ?? process.cwd();
  const configSchema = options.schemaFile !== undefined ? await readSchemaFile(resolve(cwd, options.schemaFile)) : options.schema;
  const destination = parDestination(options.destination, options.binaries[0].path, compress, cwd);
  return writePar({
    sources: options.binaries.map((b) => ({ target: b.target, path: resolve(cwd, b.path) })),
    metadata: { name: options.name, capid: options.capid, vendor: options.vendor, rev: options.rev, ver: options.ver, configSchema },
    issuer: options.issuer,
    subject: options.subject,
    destination,
    compress,
    env: options.env,
  });
}

/**
 * wash's naming: `<binary file stem>.par` in the working directory unless given, and `.gz`
 * appended whenever compressing to a name that does not already end in `.gz`.
 */
export function parDestination(destination: string | undefined, binaryPath: string, compress: boolean, cwd: string = process.cwd()): string {
  const base = destination !== undefined ? resolve(cwd, destination) : join(cwd, `${fileStem(binaryPath)}.par`);
  return compress && !base.endsWith('.gz') ? `${base}.gz` : base;
}

/** Rust's `Path::file_stem`: the name without its last extension (a leading dot is not one). */
export function fileStem(path: string): string {
  const name = basename(path);
  const ext = extname(name);
  return ext && ext !== name ? name.slice(0, -ext.length) : name;
}

/** A config schema travels inside every claims JWT; real ones are a few KiB. */
export const MAX_SCHEMA_BYTES = 1024 * 1024;

/** Reads a `config_schema` JSON file (wash `-j/--schema`). */
export async function readSchemaFile(path: string): Promise<unknown> {
  const { size } = await regularFile(path, 'schema file');
  if (size > MAX_SCHEMA_BYTES) throw new ParError(`schema file '${path}' is ${size} bytes; a config schema over ${MAX_SCHEMA_BYTES} bytes is not plausible`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw ioError(err, `cannot read schema file '${path}'`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ParError(`schema file '${path}' is not valid JSON: ${(err as Error).message}`);
  }
}

function requireText(value: string, what: string): void {
  if (typeof value !== 'string' || value.trim() === '') throw new ParError(`${what} must not be empty`);
}
