import { open } from 'node:fs/promises';
import { Command } from 'commander';
import { addOutputOption, Io, OutputKind } from '../output';
import { inspectModuleFile } from './claims';
import { addOciInspectOptions, OciInspectFlags, withInspectSource } from './inspect-source';
import { inspectParFile } from './par';

const WASM_MAGIC = Buffer.from([0x00, 0x61, 0x73, 0x6d]);

/**
 * True when the file starts with the WebAssembly magic; anything else is taken for a provider
 * archive. A file that cannot be opened goes by its name, so the reader that fails names it.
 */
async function isWasm(file: string): Promise<boolean> {
  const fh = await open(file, 'r').catch(() => undefined);
  if (!fh) return !/\.par(\.gz)?$/i.test(file);
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    return bytesRead === 4 && head.equals(WASM_MAGIC);
  } finally {
    await fh.close();
  }
}

/**
 * `inspect <target>` (wash 0.2x): a signed actor module, a provider archive, or an OCI reference to
 * either, told apart as wash does: what parses as WebAssembly is a module, anything else is read
 * as a PAR (whose own errors then say what is wrong). The file is never opened for writing.
 */
export function registerInspect(program: Command, io: Io): void {
  addOciInspectOptions(
    addOutputOption(
      program
        .command('inspect <target>')
        .description('show the claims of a signed actor module or a provider archive, from a file or an OCI reference')
        .option('--jwt-only', 'print only the raw JWT (actor modules)'),
    ),
  ).action(async (target: string, opts: OciInspectFlags & { jwtOnly?: boolean; output: OutputKind }) => {
    await withInspectSource(io, target, opts, async (file, label) => {
      if (await isWasm(file)) await inspectModuleFile(io, file, label, opts);
      else await inspectParFile(io, file, label, opts.output);
    });
  });
}
