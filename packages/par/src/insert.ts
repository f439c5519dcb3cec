import type { KeyPair } from '@nx-wasmcloud/wascap';
import { mkdtemp, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { assertComplete, assertSound } from './check';
import { ioError } from './hash';
import { regularFile } from './input-file';
import { scanPar } from './par-read';
import { readProviderClaims } from './provider-claims';
import { fileSink } from './sinks';
import { validateParTarget } from './targets';
import { ParSource, writePar, WrittenPar } from './write-par';

export interface InsertParOptions {
  archive: string;
  target: string;
  binary: string;
  issuer: KeyPair;
  subject: KeyPair;
  env?: NodeJS.ProcessEnv;
}

export interface InsertParResult extends WrittenPar {
  /** True when the target was already present and its binary was replaced. */
  replaced: boolean;
}

/**
 * `wash par insert`: adds (or replaces) one target and re-signs fresh claims with the same name,
 * capid, vendor, rev, ver and schema, keeping the archive's compression. Existing binaries are
 * checked against their hashes and the old claims' signature first, so a tampered archive is not
 * laundered into a freshly signed one. They are unpacked to a temp dir beside the archive, not
 * held in memory. Unlike wash, a gzip archive keeps its path even if it does not end in `.gz`.
 */
export async function insertPar(options: InsertParOptions): Promise<InsertParResult> {
  validateParTarget(options.target);
  await regularFile(resolve(options.binary), `binary for ${options.target}`);
  const archive = resolve(options.archive);
  // Beside the archive: the result lands on that filesystem anyway, and /tmp may be RAM-backed.
  let work: string;
  try {
    work = await mkdtemp(join(dirname(archive), '.par-insert-'));
  } catch (err) {
    throw ioError(err, `cannot write beside '${archive}'`);
  }
  try {
    let n = 0;
    const unpacked = new Map<string, string>();
    const scan = await scanPar(archive, async (target) => {
      const path = join(work, `${n++}.bin`);
      unpacked.set(target, path);
      return fileSink(path);
    });
    const view = readProviderClaims(scan.jwt, archive);
    assertSound(archive, view, scan.targets);
    assertComplete(archive, view, scan.targets);
    const sources: ParSource[] = scan.targets
      .filter((t) => t.target !== options.target)
      .map((t) => ({ target: t.target, path: unpacked.get(t.target)!, digest: { size: t.size, hash: t.hash } }));
    sources.push({ target: options.target, path: resolve(options.binary) });
    const written = await writePar({
      sources,
      metadata: { name: view.name, capid: view.capid, vendor: view.vendor, rev: view.rev, ver: view.ver, configSchema: view.configSchema },
      issuer: options.issuer,
      subject: options.subject,
      destination: archive,
      compress: scan.compressed,
      env: options.env,
    });
    return { ...written, replaced: scan.targets.some((t) => t.target === options.target) };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
