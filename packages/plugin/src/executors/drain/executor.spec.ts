import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureOutput, executorContext } from '../../test-support/executor-context';
import { tempTree } from '../../test-support/files';
import drainExecutor from './executor';

describe('drain executor', () => {
  const ws = tempTree({});
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
    ws.cleanup();
  });

  it('empties the smithy cache (wash drain smithy) and lists what it removed', async () => {
    process.env.HOME = ws.root;
    process.env.XDG_CACHE_HOME = join(ws.root, 'cache');
    const smithy = join(ws.root, 'cache', 'smithy');
    mkdirSync(smithy, { recursive: true });
    writeFileSync(join(smithy, 'model.smithy'), 'namespace x\n');
    const out = captureOutput();
    const result = await drainExecutor({ selector: 'smithy' }, executorContext(ws.root, 'ws', '.', 'drain')).finally(out.restore);
    expect(result).toEqual({ success: true });
    expect(existsSync(join(smithy, 'model.smithy'))).toBe(false);
    expect(out.text()).toContain(smithy);
  });
});
