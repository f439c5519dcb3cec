import { createTree } from '@nx/devkit/testing';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { actorGenerator } from '../../generators/actor/generator';
import { captureOutput, executorContext, materialize, requireTool } from '../../test-support/executor-context';
import { tempTree } from '../../test-support/files';
import testExecutor from './executor';

requireTool('/usr/bin/cargo', 'Debian cargo');
jest.setTimeout(120_000);

describe('test executor', () => {
  const ws = tempTree({});
  afterAll(() => ws.cleanup());
  beforeAll(async () => {
    const tree = createTree();
    await actorGenerator(tree, { name: 'hello', template: 'minimal', directory: 'hello', skipFormat: true });
    materialize(tree, ws.root);
  });
  const ctx = () => executorContext(ws.root, 'hello', 'hello', 'test');

  it('runs cargo test on the host target although .cargo/config.toml defaults to wasm32', async () => {
    const out = captureOutput();
    expect(await testExecutor({}, ctx()).finally(out.restore)).toEqual({ success: true });
  });

  it('fails the task when a test fails', async () => {
    const lib = join(ws.root, 'hello/src/lib.rs');
    writeFileSync(lib, readFileSync(lib, 'utf8').replace('b"Hello, World!")', 'b"Goodbye")'));
    const out = captureOutput();
    expect(await testExecutor({}, ctx()).finally(out.restore)).toEqual({ success: false });
    expect(out.text()).toMatch(/error: .*cargo test --target \S+ exited with code 101/);
  });
});
