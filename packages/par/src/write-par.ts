import { signProviderClaims, KeyPair } from '@nx-wasmcloud/wascap';
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { ParError } from './errors';
import { FileDigest, hashFile, hexUpper, newHasher, READ_CHUNK } from './hash';
import { writeAtomically } from '@nx-wasmcloud/wascap';
import { CLAIMS_ENTRY } from './par-read';
import { TarSourceEntry, writeTarFile } from './tar-write';

export interface ParSource {
  target: string;
  path: string;
  /** Known digest (e.g. checked while unpacking an archive); hashed here when absent. */
  digest?: FileDigest;
}

export interface ParMetadata {
  name: string | null;
  capid: string;
  vendor: string;
  rev?: number;
  ver?: string;
  configSchema?: unknown;
}

export interface WriteParSpec {
  sources: ParSource[];
  metadata: ParMetadata;
  issuer: KeyPair;
  subject: KeyPair;
  destination: string;
  compress: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface WrittenPar {
  file: string;
  jwt: string;
  compressed: boolean;
  targets: { target: string; size: number; hash: string }[];
  /** `sha256:<hex>` of the archive file as written (its OCI layer digest), and its size. */
  fileDigest: string;
  fileSize: number;
}

/**
 * Hashes the binaries, signs the claims, then streams claims + binaries (targets sorted, so the
 * output depends only on the inputs) into a temp file renamed over `destination`. Each binary is
 * hashed again while it is copied, so one that changes in between fails instead of mismatching.
 */
export async function writePar(spec: WriteParSpec): Promise<WrittenPar> {
  const destination = resolve(spec.destination);
  const sources = [...spec.sources].sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
  for (let i = 1; i < sources.length; i++) {
    if (sources[i].target === sources[i - 1].target) throw new ParError(`target '${sources[i].target}' is given twice`);
  }
  for (const s of sources) {
    if (resolve(s.path) === destination) {
      throw new ParError(`destination '${spec.destination}' is the binary for target ${s.target}; choose another --destination`);
    }
  }
  const digests = new Map<string, FileDigest>();
  for (const s of sources) digests.set(s.target, s.digest ?? (await hashFile(s.path, `binary for ${s.target}`)));
  // fromEntries defines own keys: `targetHashes['__proto__'] = h` would set a prototype and drop the target.
  const targetHashes: Record<string, string> = Object.fromEntries(sources.map((s) => [s.target, digests.get(s.target)!.hash]));

  const jwt = await signProviderClaims({
    issuer: spec.issuer,
    subject: spec.subject,
    name: spec.metadata.name ?? undefined,
    capid: spec.metadata.capid,
    vendor: spec.metadata.vendor,
    rev: spec.metadata.rev,
    ver: spec.metadata.ver,
    targetHashes,
    configSchema: spec.metadata.configSchema,
    env: spec.env,
  });
  const jwtBytes = Buffer.from(jwt, 'utf8');
  const entries: TarSourceEntry[] = [
    {
      name: CLAIMS_ENTRY,
      size: jwtBytes.length,
      chunks: async function* () {
        yield jwtBytes;
      },
    },
    ...sources.map((s) => binaryEntry(s, digests.get(s.target)!)),
  ];
  const written = await writeAtomically(destination, (temp) => writeTarFile(temp, entries, spec.compress, destination));
  return {
    file: destination,
    jwt,
    compressed: spec.compress,
    targets: sources.map((s) => ({ target: s.target, ...digests.get(s.target)! })),
    fileDigest: written.digest,
    fileSize: written.size,
  };
}

function binaryEntry(source: ParSource, digest: FileDigest): TarSourceEntry {
  return {
    name: `${source.target}.bin`,
    size: digest.size,
    async *chunks() {
      const h = newHasher();
      for await (const chunk of createReadStream(source.path, { highWaterMark: READ_CHUNK })) {
        h.update(chunk as Buffer);
        yield chunk as Buffer;
      }
      if (hexUpper(h) !== digest.hash) {
        throw new ParError(`binary '${source.path}' (${source.target}) changed while the archive was written; run again`);
      }
    },
  };
}
