import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '../test-support/files';
import { readJsonCache, writeJsonCache } from './json-cache-file';

describe('json cache files', () => {
  const ws = tempTree({});
  afterAll(() => ws.cleanup());

  it('round-trips a map, creating the directory and leaving no temp file', () => {
    const file = join(ws.root, 'deep/dir/c.json');
    writeJsonCache(file, { a: 1, b: { c: 'd' } });
    expect(readJsonCache(file)).toEqual({ a: 1, b: { c: 'd' } });
    expect(readdirSync(join(ws.root, 'deep/dir'))).toEqual(['c.json']);
  });

  it('reads a missing, corrupt or non-map file as empty', () => {
    expect(readJsonCache(join(ws.root, 'absent.json'))).toEqual({});
    writeFileSync(join(ws.root, 'bad.json'), '{not json');
    expect(readJsonCache(join(ws.root, 'bad.json'))).toEqual({});
    writeFileSync(join(ws.root, 'list.json'), '[1,2]');
    expect(readJsonCache(join(ws.root, 'list.json'))).toEqual({});
  });
});
