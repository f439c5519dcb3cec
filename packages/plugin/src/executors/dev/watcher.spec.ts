import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '../../test-support/files';
import { watchChanges } from './watcher';

describe('dev watcher (real fs.watch)', () => {
  const ws = tempTree({ 'hello/src/lib.rs': 'a', 'hello/build/.keep': '' });
  afterAll(() => ws.cleanup());

  it('reports a burst of saves as one batch of workspace-relative files, without rejected ones', async () => {
    const batches: string[][] = [];
    const w = watchChanges(
      ws.root,
      ['hello'],
      100,
      (f) => !/^hello\/build(\/|$)/.test(f),
      (b) => batches.push(b.sort()),
    );
    try {
      await new Promise((r) => setTimeout(r, 50));
      writeFileSync(join(ws.root, 'hello/src/lib.rs'), 'b');
      mkdirSync(join(ws.root, 'hello/src/deep'), { recursive: true });
      writeFileSync(join(ws.root, 'hello/src/deep/x.rs'), 'c');
      writeFileSync(join(ws.root, 'hello/build/hello.wasm'), 'out');
      mkdirSync(join(ws.root, 'hello/tests'));
      await new Promise((r) => setTimeout(r, 30));
      writeFileSync(join(ws.root, 'hello/tests/new.rs'), 'd');
      for (let i = 0; i < 40 && !batches.length; i++) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      w.close();
    }
    expect(batches).toHaveLength(1);
    expect(batches[0]).toEqual(expect.arrayContaining(['hello/src/lib.rs', 'hello/src/deep/x.rs', 'hello/tests/new.rs']));
    expect(batches[0].some((f) => f.startsWith('hello/build'))).toBe(false);
  });

  it('keeps reporting after many short-lived files came and went in an unwatched output directory', async () => {
    const batches: string[][] = [];
    const w = watchChanges(
      ws.root,
      ['hello'],
      50,
      (f) => !/^hello\/build(\/|$)/.test(f),
      (b) => batches.push(b),
    );
    try {
      for (let i = 0; i < 200; i++) {
        const f = join(ws.root, `hello/build/tmp${i}`);
        writeFileSync(f, 'x');
        rmSync(f);
      }
      writeFileSync(join(ws.root, 'hello/src/lib.rs'), 'e');
      for (let i = 0; i < 40 && !batches.length; i++) await new Promise((r) => setTimeout(r, 50));
    } finally {
      w.close();
    }
    expect(batches.flat()).toContain('hello/src/lib.rs');
  });
});
