import { open } from 'node:fs/promises';
import { BinarySink } from './par-read';

/** A sink writing to a new file (`wx`: never follows or overwrites an existing path). */
export async function fileSink(path: string, mode = 0o644): Promise<BinarySink> {
  const fh = await open(path, 'wx', mode);
  return {
    write: async (chunk) => {
      await fh.write(chunk);
    },
    close: () => fh.close(),
  };
}
