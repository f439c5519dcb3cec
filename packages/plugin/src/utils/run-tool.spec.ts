import { runTool, withTerminalColor } from './run-tool';

describe('runTool', () => {
  const env = { PATH: process.env.PATH ?? '' };

  it('passes arguments as an array (no shell) and hands stdout lines to a callback', async () => {
    const lines: string[] = [];
    await runTool(process.execPath, ['-e', 'console.log("a; echo b");console.log("$HOME")'], { cwd: process.cwd(), env, onStdoutLine: (l) => lines.push(l) });
    expect(lines).toEqual(['a; echo b', '$HOME']);
  });

  it('turns a non-zero exit into one user-error line with the command', async () => {
    await expect(runTool(process.execPath, ['-e', 'process.exit(3)'], { cwd: '/', env })).rejects.toMatchObject({
      isUserError: true,
      message: expect.stringMatching(/ -e process\.exit\(3\) exited with code 3 \(in \/\)$/),
    });
  });

  it('says when the tool is not installed', async () => {
    await expect(runTool('definitely-not-a-tool', [], { cwd: '/', env })).rejects.toThrow(/definitely-not-a-tool not found; install it or put it on PATH/);
  });

  it('streams stdout and stderr in whole lines, blank lines kept, however the tool splits its writes', async () => {
    // cargo's status lines come in two writes ("    Finished" then the rest); Nx's stream mode
    // prefixes each chunk's lines and drops empty ones.
    const script = [
      'process.stderr.write("    Finished");',
      'setTimeout(() => { process.stderr.write(" release\\n\\nnext\\n"); process.stdout.write("out one"); }, 30);',
      'setTimeout(() => process.stdout.write(" two\\n\\n"), 60);',
    ].join('');
    const out: string[] = [];
    const err: string[] = [];
    const spies = [
      jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => (out.push(String(c)), true)),
      jest.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => (err.push(String(c)), true)),
    ];
    try {
      await runTool(process.execPath, ['-e', script], { cwd: process.cwd(), env });
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    expect(err).toEqual(['    Finished release\n', ' \n', 'next\n']);
    expect(out).toEqual(['out one two\n', ' \n']);
  });

  it("asks tools to colour their piped output only when our stderr is a terminal, the user's setting first", () => {
    expect(withTerminalColor({ PATH: '/bin' }, false)).toEqual({ PATH: '/bin' });
    expect(withTerminalColor({ PATH: '/bin' }, true)).toEqual({ PATH: '/bin', CARGO_TERM_COLOR: 'always', FORCE_COLOR: '1' });
    expect(withTerminalColor({ CARGO_TERM_COLOR: 'never', FORCE_COLOR: '0' }, true)).toEqual({ CARGO_TERM_COLOR: 'never', FORCE_COLOR: '0' });
  });
});
