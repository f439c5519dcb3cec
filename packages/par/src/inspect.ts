import { shown } from '@nx-wasmcloud/wascap/terminal-text';
import { ParScan, scanPar, scanParSource, ScanSourceOptions } from './par-read';
import { readProviderClaims, ProviderClaimsView } from './provider-claims';

export interface InspectedTarget {
  target: string;
  size: number;
  /** SHA-256 of the binary in the archive (HEXUPPER). */
  hash: string;
  /** The claims' `target_hashes` entry, if any. */
  expectedHash?: string;
  valid: boolean;
}

export interface ParInspection extends Omit<ProviderClaimsView, 'jwt'> {
  file: string;
  jwt: string;
  compressed: boolean;
  targets: InspectedTarget[];
  /** Every failed check, one sentence each; empty when the archive is sound. */
  problems: string[];
  valid: boolean;
}

/**
 * Reads claims and every binary, checking each binary against `target_hashes` and the JWT's
 * signature against its issuer. Structural faults throw; failed checks are listed in `problems`.
 */
export async function inspectPar(file: string): Promise<ParInspection> {
  return judge(await scanPar(file));
}

/**
 * inspectPar over bytes the caller is already reading (a push validates the archive from the very
 * chunks it uploads); `label` names the archive in errors and in the result's `file`.
 */
export async function inspectParSource(bytes: AsyncIterable<Buffer>, label: string, options: ScanSourceOptions = {}): Promise<ParInspection> {
  return judge(await scanParSource(bytes, label, options));
}

function judge(scan: ParScan): ParInspection {
  const file = scan.file;
  const view = readProviderClaims(scan.jwt, file);
  const problems: string[] = [];
  if (!view.signatureValid) problems.push(`claims.jwt signature does not verify with its issuer ${shown(view.issuer)} (claims were altered)`);
  const targets: InspectedTarget[] = [...scan.targets]
    .sort((a, b) => (a.target < b.target ? -1 : 1))
    .map((t) => {
      const expected = Object.prototype.hasOwnProperty.call(view.targetHashes, t.target) ? view.targetHashes[t.target] : undefined;
      const valid = expected !== undefined && expected.toUpperCase() === t.hash;
      if (expected === undefined) problems.push(`target ${t.target}: the claims have no target_hashes entry for it`);
      else if (!valid) problems.push(`target ${t.target}: SHA-256 ${t.hash} does not match target_hashes ${shown(expected)} (binary or claims altered)`);
      return { target: t.target, size: t.size, hash: t.hash, expectedHash: expected, valid };
    });
  const present = new Set(scan.targets.map((t) => t.target));
  for (const listed of Object.keys(view.targetHashes).sort()) {
    if (!present.has(listed)) problems.push(`target ${shown(listed)}: listed in the claims but the archive has no ${shown(listed)}.bin`);
  }
  return { ...view, file, compressed: scan.compressed, targets, problems, valid: problems.length === 0 };
}
