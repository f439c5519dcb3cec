import { Command, CommanderError } from 'commander';
import { version } from './version';
import { commandGroups } from './commands';
import { describeError, EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './errors';
import { escapeErrorLine, Io, processIo, stderrRedactor } from './output';
import { hoistOutputFlag, splitLeadingOutput } from './output-flag';

/** The root program with every command group, or only the one that owns `command`. */
export function createProgram(io: Io, command?: string): Command {
  const program = new Command('nx-wasmcloud')
    .description('wasmCloud build tooling: keys, claims, provider archives, OCI push/pull, Smithy codegen')
    .version(version, '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    // wash's subcommands have their own --version (`par create --version 1.0`), which must not be
    // taken as the root's flag: root options are only recognised before the subcommand.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, '')),
      writeErr: (s) => io.err(s.replace(/\n$/, '')),
    });
  const owner = commandGroups.find((g) => command !== undefined && g.commands.includes(command));
  for (const group of owner ? [owner] : commandGroups) group.load()(program, io);
  // Subcommands inherit the exit override and output routing.
  for (const cmd of program.commands) applyToTree(cmd, io);
  return program;
}

function applyToTree(cmd: Command, io: Io): void {
  cmd.exitOverride().configureOutput({
    writeOut: (s) => io.out(s.replace(/\n$/, '')),
    writeErr: (s) => io.err(s.replace(/\n$/, '')),
  });
  for (const sub of cmd.commands) applyToTree(sub, io);
}

/** Runs the CLI and returns the exit code; never throws. */
export async function run(rawArgv: string[], rawIo: Io = processIo()): Promise<number> {
  const redact = stderrRedactor(rawIo.env);
  const io: Io = { ...rawIo, err: (line) => rawIo.err(redact(line)) };
  const leading = splitLeadingOutput(rawArgv);
  const first = leading.argv[0];
  const program = createProgram(io, first);
  const argv = hoistOutputFlag(leading.argv, program, leading.output);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT_USAGE;
    }
    if (!first.startsWith('-') && !program.commands.some((c) => c.name() === first || c.aliases().includes(first))) {
      throw new UsageError(`unknown command '${first}' (run nx-wasmcloud --help for the list)`);
    }
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      if (err.exitCode === 0) return EXIT_OK;
      return EXIT_USAGE;
    }
    if (err instanceof UsageError) {
      io.err(`error: ${escapeErrorLine(err.message)}`);
      return EXIT_USAGE;
    }
    io.err(describeError(err, Boolean(io.env.NX_WASMCLOUD_DEBUG), escapeErrorLine));
    return EXIT_FAILED;
  }
}
