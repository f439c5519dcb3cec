import { Command } from 'commander';
import { hoistOutputFlag, splitLeadingOutput } from './output-flag';
import { run } from './program';
import { captureIo } from './test-support';

function tree(): Command {
  const program = new Command('p');
  const keys = program.command('keys');
  keys.command('gen <t>');
  program.command('claims').command('inspect <m>');
  return program;
}

describe('splitLeadingOutput / hoistOutputFlag', () => {
  it('moves -o given before or between the command words behind them, in every spelling', () => {
    for (const flag of [['-o', 'json'], ['--output', 'json'], ['--output=json'], ['-ojson']]) {
      const lead = splitLeadingOutput([...flag, 'keys', 'gen', 'module']);
      expect(lead.argv).toEqual(['keys', 'gen', 'module']);
      expect(hoistOutputFlag(lead.argv, tree(), lead.output)).toEqual(['keys', 'gen', 'module', '--output', 'json']);
      expect(hoistOutputFlag(['keys', ...flag, 'gen', 'module'], tree())).toEqual(['keys', 'gen', 'module', '--output', 'json']);
    }
  });

  it('leaves argv alone when -o comes after the command words, or is absent; stops before --', () => {
    expect(hoistOutputFlag(['keys', 'gen', 'module', '-o', 'json'], tree())).toEqual(['keys', 'gen', 'module', '-o', 'json']);
    expect(hoistOutputFlag(['keys', 'gen', 'module'], tree())).toEqual(['keys', 'gen', 'module']);
    expect(hoistOutputFlag(['claims', '-o', 'json', 'inspect', 'x', '--', '-o', 'text'], tree())).toEqual([
      'claims',
      'inspect',
      'x',
      '--output',
      'json',
      '--',
      '-o',
      'text',
    ]);
  });
});

describe('the CLI takes -o/--output before or after the subcommand', () => {
  it.each([
    [['-o', 'json', 'keys', 'gen', 'actor']],
    [['keys', '--output', 'json', 'gen', 'actor']],
    [['keys', 'gen', 'actor', '-o', 'json']],
    [['--output=json', 'keys', 'gen', 'actor']],
  ])('%j prints JSON', async (argv) => {
    const io = captureIo();
    expect(await run(argv, io)).toBe(0);
    expect(JSON.parse(io.stdout.join(''))).toHaveProperty('public_key');
  });

  it('still rejects a bad value in one line', async () => {
    const io = captureIo();
    expect(await run(['-o', 'yaml', 'keys', 'gen', 'actor'], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/yaml/);
  });
});
