import { join } from 'node:path';
import { workspaceBin } from './workspace-bin';

describe('workspaceBin', () => {
  const repo = join(__dirname, '../../../..');
  it("finds a CLI through its package.json bin, despite an exports map (jest's)", () => {
    expect(workspaceBin(repo, 'jest', 'jest')).toMatch(/node_modules\/jest\/bin\/jest\.js$/);
    expect(workspaceBin(repo, 'typescript', 'tsc')).toMatch(/node_modules\/typescript\/bin\/tsc$/);
  });
  it('says what to install when it is missing', () => {
    expect(() => workspaceBin('/', 'no-such-package-here', 'x')).toThrow(
      'no-such-package-here is not installed in the workspace: run "npm install -D no-such-package-here"',
    );
  });
});
