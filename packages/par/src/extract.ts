import { resolve } from 'node:path';
import { writeAtomically } from '@nx-wasmcloud/wascap';
import { assertTargetHash } from './check';
import { InvalidClaimsError, TargetNotFoundError } from './errors';
import { shown } from '@nx-wasmcloud/wascap/terminal-text';
import { ioError } from './hash';
import { scanPar } from './par-read';
import { readProviderClaims } from './provider-claims';
import { fileSink } from './sinks';

export interface ExtractedTarget {
  file: string;
  target: string;
  size: number;
  hash: string;
}

/**
 * The host's view: writes one target's binary to `dest` (mode 0755 less umask), but only after
 * its hash matches the claims and the claims' signature verifies; until then it lives in a temp
 * file beside `dest`, so nothing unchecked ever appears there.
 */
export async function extractParTarget(file: string, target: string, dest: string): Promise<ExtractedTarget> {
  const destination = resolve(dest);
  try {
    return await writeAtomically(destination, async (temp) => {
      const scan = await scanPar(file, async (t) => {
        if (t !== target) return undefined;
        try {
          return await fileSink(temp, 0o755);
        } catch (err) {
          throw ioError(err, `cannot write '${dest}'`);
        }
      });
      const found = scan.targets.find((t) => t.target === target);
      if (!found) {
        const have = scan.targets
          .map((t) => t.target)
          .sort()
          .join(', ');
        throw new TargetNotFoundError(`${file}: no binary for target ${target} (the archive has: ${have})`);
      }
      const view = readProviderClaims(scan.jwt, file);
      if (!view.signatureValid) {
        throw new InvalidClaimsError(`${file}: claims.jwt signature does not verify with its issuer ${shown(view.issuer)} (claims were altered)`);
      }
      assertTargetHash(file, view, found);
      return { file: destination, target, size: found.size, hash: found.hash };
    });
  } catch (err) {
    throw ioError(err, `cannot write '${dest}'`);
  }
}
