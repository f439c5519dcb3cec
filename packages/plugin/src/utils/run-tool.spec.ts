import { runTool } from './run-tool';

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
});
