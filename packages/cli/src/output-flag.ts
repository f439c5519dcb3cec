import type { Command } from 'commander';

/** One `-o json`, `-ojson`, `--output json` or `--output=json` at argv[i]: its value and width. */
function outputFlagAt(argv: string[], i: number): { value: string; width: number } | undefined {
  const t = argv[i];
  if (t === undefined) return undefined;
  if ((t === '-o' || t === '--output') && i + 1 < argv.length) return { value: argv[i + 1], width: 2 };
  if (t.startsWith('--output=')) return { value: t.slice('--output='.length), width: 1 };
  if (t.startsWith('-o') && t.length > 2 && !t.startsWith('--')) return { value: t.slice(2), width: 1 };
  return undefined;
}

/** Leading output flags, before the top-level command: removed, with their last value. */
export function splitLeadingOutput(argv: string[]): { argv: string[]; output?: string } {
  let output: string | undefined;
  let i = 0;
  for (let f = outputFlagAt(argv, i); f; f = outputFlagAt(argv, i)) {
    output = f.value;
    i += f.width;
  }
  return { argv: argv.slice(i), output };
}

/**
 * wash takes `-o/--output` anywhere (a global clap flag): `wash -o json keys gen module` and
 * `wash keys gen module -o json` are the same. commander binds an option to the command that
 * declares it, and only the leaf commands print, so a flag given before or between the command
 * words (`-o json keys gen`, `keys -o json gen`) is moved behind them, where the leaf reads it.
 * Everything after the command words, and anything after `--`, is left as it is.
 */
export function hoistOutputFlag(argv: string[], program: Command, leading?: string): string[] {
  let output = leading;
  const path: string[] = [];
  let cmd = program;
  let i = 0;
  while (i < argv.length) {
    const flag = outputFlagAt(argv, i);
    if (flag) {
      output = flag.value;
      i += flag.width;
      continue;
    }
    const sub = cmd.commands.find((c) => c.name() === argv[i] || c.aliases().includes(argv[i]));
    if (!sub) break;
    path.push(argv[i]);
    cmd = sub;
    i++;
  }
  if (output === undefined) return argv;
  const rest = argv.slice(i);
  const dashdash = rest.indexOf('--');
  const flag = ['--output', output];
  return dashdash < 0 ? [...path, ...rest, ...flag] : [...path, ...rest.slice(0, dashdash), ...flag, ...rest.slice(dashdash)];
}
