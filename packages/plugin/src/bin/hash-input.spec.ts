import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { requireTool } from '../test-support/executor-context';
import { tempTree } from '../test-support/files';

const script = join(__dirname, '../../dist/bin/hash-input.js');
requireTool(script, 'the built plugin (nx run @nx-wasmcloud/plugin:build)');

describe('hash-input.js (the runtime-input command)', () => {
  const ws = tempTree({});
  afterAll(() => ws.cleanup());
  const run = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, [script, ...args], { cwd: ws.root, env: { PATH: process.env.PATH ?? '', HOME: ws.root, ...env }, encoding: 'utf8' });

  it('prints key lines and exits 0 even without a key directory', () => {
    const r = run(['keys'], { WASH_KEYS: join(ws.root, 'none') });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('WASH_ISSUER_KEY: unset\nWASH_SUBJECT_KEY: unset\n');
  });

  it('never fails the hash: an unknown kind is a line, not an exit code', () => {
    const r = run(['nonsense'], {});
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('unknown nonsense\n');
  });
});
