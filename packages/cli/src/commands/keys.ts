import { Command } from 'commander';
import { getKey, KEY_ROLE_NAMES, KeyPair, listKeys, parseKeyRole } from '@nx-wasmcloud/wascap';
import { UsageError } from '../errors';
import { addOutputOption, escapeControl, Io, OutputKind, printResult } from '../output';

const SEED_WARNING = 'Remember that the seed is private, treat it as a secret.';

/** keys gen|get|list (owner: wascap). Output as wash prints it; gen prints both keys, get only the seed, as wash does. */
export function registerKeys(program: Command, io: Io): void {
  const keys = program.command('keys').description('generate, get and list nkeys (wash keys)');

  addOutputOption(
    keys
      .command('gen <keytype>')
      .description(`generate a key pair; <keytype> is one of ${KEY_ROLE_NAMES.join(', ')} (any case; actor = module, provider = service, host = server)`)
      .action((keytype: string, opts: { output: OutputKind }) => {
        const role = parseKeyRole(keytype);
        if (!role) throw new UsageError(`unknown key type '${keytype}' (expected one of ${KEY_ROLE_NAMES.join(', ')})`);
        const kp = KeyPair.create(role);
        printResult(io, opts.output, `Public Key: ${kp.publicKey}\nSeed: ${kp.seed}\n\n${SEED_WARNING}`, { public_key: kp.publicKey, seed: kp.seed });
      }),
  );

  addOutputOption(
    keys
      .command('get <keyname>')
      .description('print the seed stored in a key file, e.g. `keys get alice_account` (only the seed, as wash does: {"seed": ...} with -o json)')
      .option('-d, --directory <dir>', 'key directory (default $WASH_KEYS or ~/.wash/keys)')
      .action(async (keyname: string, opts: { output: OutputKind; directory?: string }) => {
        const { key } = await getKey(keyname, { directory: opts.directory, env: io.env });
        // wash prints the file's trimmed content and nothing else, so scripts can pipe it.
        printResult(io, opts.output, key.seed, { seed: key.seed });
      }),
  );

  addOutputOption(
    keys
      .command('list')
      .description('list the key files (*.nk) in the key directory')
      .option('-d, --directory <dir>', 'key directory (default $WASH_KEYS or ~/.wash/keys)')
      .action(async (opts: { output: OutputKind; directory?: string }) => {
        const { directory, keys: found } = await listKeys({ directory: opts.directory, env: io.env });
        const rule = '='.repeat(52);
        // File names are whatever is in the directory: escaped, so one cannot fake lines or drive the terminal.
        const text = [rule, `Keys found in ${escapeControl(directory)}:`, rule, ...found.map((k) => escapeControl(`${k.keyName}.nk`))].join('\n');
        printResult(io, opts.output, text, { keys: found.map((k) => `${k.keyName}.nk`), directory });
      }),
  );
}
