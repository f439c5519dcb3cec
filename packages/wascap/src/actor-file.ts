import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { actorClaimsJson, checkActorOptions, SignActorOptions } from './actor';
import { ActorMetadata, Claims } from './claims';
import { InvalidWasmError, WascapError } from './errors';
import { signClaimsJson } from './jwt';
import { openModuleFile } from './module-file';
import { KeyPair } from './nkeys';
import { stripClaimsStream } from './stream-strip';
import { customSection, SECTION_JWT, SECTION_WC_JWT } from './wasm-sections';
import { tempPathBeside } from './atomic-file';

export interface SignActorKeys {
  issuer: KeyPair;
  subject: KeyPair;
}

/**
 * signActor's options, with the keys given either directly or as a function that is called only
 * once the input has been read and found valid: a bad input then fails before a key is resolved,
 * so wash-style key generation never leaves new key files behind for a command that failed.
 */
export type SignActorFileOptions = Omit<SignActorOptions, 'issuer' | 'subject'> & (SignActorKeys | { keys: () => Promise<SignActorKeys> });

export interface SignActorFileResult {
  destination: string;
  jwt: string;
  claims: Claims<ActorMetadata>;
}

const READ_CHUNK = 4 * 1024 * 1024;
/** Small pieces (section headers) are gathered into one writev; big ones go out as they come. */
const WRITE_BATCH = 4 * 1024 * 1024;
/** Bound on bytes handed to the OS but not yet confirmed, so memory stays flat. */
const MAX_IN_FLIGHT = 8 * 1024 * 1024;

/** Writes chunks at increasing file offsets without waiting for each write, in bounded flight. */
class PositionalWriter {
  private position = 0;
  private batch: Uint8Array[] = [];
  private batchBytes = 0;
  private inFlight: { promise: Promise<unknown>; bytes: number }[] = [];
  private inFlightBytes = 0;

  constructor(private readonly handle: fs.FileHandle) {}

  async push(chunk: Uint8Array): Promise<void> {
    this.batch.push(chunk);
    this.batchBytes += chunk.length;
    if (this.batchBytes >= WRITE_BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.batchBytes === 0) return;
    const bytes = this.batchBytes;
    const promise = this.handle.writev(this.batch, this.position);
    this.position += bytes;
    this.batch = [];
    this.batchBytes = 0;
    this.inFlight.push({ promise, bytes });
    this.inFlightBytes += bytes;
    while (this.inFlightBytes > MAX_IN_FLIGHT) {
      const oldest = this.inFlight.shift()!;
      await oldest.promise;
      this.inFlightBytes -= oldest.bytes;
    }
  }

  async finish(): Promise<void> {
    await this.flush();
    await Promise.all(this.inFlight.map((w) => w.promise));
    this.inFlight = [];
  }

  /** Settles outstanding writes, ignoring their errors (used on the failure path). */
  async abandon(): Promise<void> {
    await Promise.allSettled(this.inFlight.map((w) => w.promise));
  }
}

/**
 * Signs `src` into `dest` in one streaming pass: the input is read in chunks, claims sections are
 * dropped on the fly, and every kept byte is hashed and written to a temp file beside `dest`
 * while the next chunk is read. The token (which needs the hash) is appended at the end and the
 * temp file renamed into place, so `src` is never modified, even when `dest` is the same path.
 * Memory stays bounded by the chunk and write windows (plus one nested module in a component).
 */
export async function signActorFile(src: string, dest: string, opts: SignActorFileOptions): Promise<SignActorFileResult> {
  // Validate options (and keys given directly) before touching the file system.
  if ('keys' in opts) checkActorOptions(opts);
  else actorClaimsJson('0'.repeat(64), opts);
  // A regular file with a wasm header, before a temp file exists: /dev/zero or a FIFO would
  // otherwise be read forever, or block.
  const source = await openModuleFile(src);
  const destination = path.resolve(dest);
  const tmp = tempPathBeside(destination);
  let handle: fs.FileHandle | undefined;
  let writer: PositionalWriter | undefined;
  try {
    try {
      handle = await fs.open(tmp, 'wx', 0o644);
    } catch (e) {
      await source.handle.close();
      throw new WascapError(`cannot write ${destination}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    writer = new PositionalWriter(handle);
    const hash = createHash('sha256');
    const input = source.handle.createReadStream({ highWaterMark: READ_CHUNK, start: 0, autoClose: true });
    try {
      for await (const chunk of stripClaimsStream(input)) {
        hash.update(chunk);
        await writer.push(chunk);
      }
    } catch (e) {
      input.destroy();
      if (e instanceof InvalidWasmError) throw new InvalidWasmError(`${src}: ${e.message}`);
      if (e instanceof WascapError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code && (e as NodeJS.ErrnoException).syscall !== 'write') throw new WascapError(`cannot read ${src}: ${code}`);
      throw new WascapError(`cannot write ${destination}: ${code ?? String(e)}`);
    }
    const keys = 'keys' in opts ? await opts.keys() : opts;
    const { claims, json } = actorClaimsJson(hash.digest('hex').toUpperCase(), { ...opts, issuer: keys.issuer, subject: keys.subject });
    const jwt = await signClaimsJson(json, keys.issuer);
    await writer.push(customSection(opts.legacy ? SECTION_JWT : SECTION_WC_JWT, new TextEncoder().encode(jwt)));
    await writer.finish();
    await handle.close();
    handle = undefined;
    await fs.rename(tmp, destination);
    return { destination, jwt, claims };
  } catch (e) {
    await writer?.abandon();
    await handle?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    await source.handle.close().catch(() => undefined);
    if (e instanceof WascapError || (e as { isUserError?: unknown }).isUserError === true) throw e;
    if (!(e as NodeJS.ErrnoException).code) throw e;
    throw new WascapError(`cannot write ${destination}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}
