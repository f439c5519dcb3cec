import { writeFile } from 'node:fs/promises';

// wascap's temp-file-and-rename rule, under the names the registry code uses. Required on first use:
// wascap's index loads its crypto, which `push --help` and a push without temp files do not need.
const wascap = () => require('@nx-wasmcloud/wascap') as typeof import('@nx-wasmcloud/wascap');

/** A temp name beside `target`, so the final rename stays on one filesystem and is atomic. */
export function tempPathFor(target: string): string {
  return wascap().tempPathBeside(target);
}

export async function writeFileAtomic(target: string, data: string | Buffer): Promise<void> {
  await wascap().writeAtomically(target, (tmp) => writeFile(tmp, data));
}
