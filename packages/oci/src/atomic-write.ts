import { writeFile } from 'node:fs/promises';
import { tempPathBeside, writeAtomically } from '@nx-wasmcloud/wascap';

// wascap's temp-file-and-rename rule, under the names the registry code uses.

/** A temp name beside `target`, so the final rename stays on one filesystem and is atomic. */
export const tempPathFor = tempPathBeside;

export async function writeFileAtomic(target: string, data: string | Buffer): Promise<void> {
  await writeAtomically(target, (tmp) => writeFile(tmp, data));
}
