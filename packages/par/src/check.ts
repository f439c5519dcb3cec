import { InvalidClaimsError, TargetHashMismatchError } from './errors';
import { shown } from '@nx-wasmcloud/wascap/terminal-text';
import { ScannedTarget } from './par-read';
import { ProviderClaimsView } from './provider-claims';

/** Throws for an invalid signature or a target whose hash differs from the claims. */
export function assertSound(file: string, view: ProviderClaimsView, targets: readonly ScannedTarget[]): void {
  if (!view.signatureValid) {
    throw new InvalidClaimsError(`${file}: claims.jwt signature does not verify with its issuer ${shown(view.issuer)} (claims were altered)`);
  }
  for (const t of targets) assertTargetHash(file, view, t);
}

/**
 * Throws when the claims list a target the archive has no binary for: re-signing such an archive
 * would vouch for a binary nobody has seen.
 */
export function assertComplete(file: string, view: ProviderClaimsView, targets: readonly ScannedTarget[]): void {
  const present = new Set(targets.map((t) => t.target));
  for (const listed of Object.keys(view.targetHashes).sort()) {
    if (!present.has(listed)) {
      throw new TargetHashMismatchError(
        `${file}: the claims list target ${shown(listed)} but the archive has no ${shown(listed)}.bin (claims and binaries do not match); rebuild it with par create`,
      );
    }
  }
}

export function assertTargetHash(file: string, view: ProviderClaimsView, t: ScannedTarget): void {
  const expected = Object.prototype.hasOwnProperty.call(view.targetHashes, t.target) ? view.targetHashes[t.target] : undefined;
  if (expected === undefined) {
    throw new TargetHashMismatchError(`${file}: target ${t.target} has no target_hashes entry in the claims`);
  }
  if (expected.toUpperCase() !== t.hash) {
    throw new TargetHashMismatchError(`${file}: target ${t.target} has SHA-256 ${t.hash} but the claims say ${shown(expected)} (binary or claims altered)`);
  }
}
