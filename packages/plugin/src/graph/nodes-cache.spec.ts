import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '../test-support/files';
import { ContentHashCache, sha256, workspaceDataDirectory } from './nodes-cache';

describe('workspaceDataDirectory', () => {
  afterEach(() => delete process.env.NX_WORKSPACE_DATA_DIRECTORY);
  it('follows NX_WORKSPACE_DATA_DIRECTORY, else .nx/workspace-data', () => {
    expect(workspaceDataDirectory('/ws')).toBe('/ws/.nx/workspace-data');
    process.env.NX_WORKSPACE_DATA_DIRECTORY = 'data';
    expect(workspaceDataDirectory('/ws')).toBe('/ws/data');
  });
});

describe('ContentHashCache', () => {
  const ws = tempTree({});
  afterAll(() => ws.cleanup());

  it('persists entries and drops those not used in the last run', () => {
    const file = join(ws.root, 'c.hash');
    const a = new ContentHashCache<number>(file);
    a.set(sha256('x'), 1);
    a.set(sha256('y'), 2);
    a.save();
    const b = new ContentHashCache<number>(file);
    expect(b.get(sha256('x'))).toBe(1);
    b.save();
    expect(Object.values(JSON.parse(readFileSync(file, 'utf8')))).toEqual([1]);
  });

  it('does not write when nothing changed', () => {
    const file = join(ws.root, 'none.hash');
    new ContentHashCache<number>(file).save();
    expect(existsSync(file)).toBe(false);
  });

  it('separates its inputs when hashing', () => {
    expect(sha256('ab', 'c')).not.toBe(sha256('a', 'bc'));
  });
});
