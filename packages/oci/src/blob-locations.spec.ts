import { join } from 'node:path';
import { knownRepositories, recordLocations } from './blob-locations';
import { tempDir } from './test-support/fixtures';

describe('blob locations', () => {
  it('remembers repositories per registry and digest, most recent first', async () => {
    const file = join(tempDir(), 'sub', 'loc.json');
    expect(await knownRepositories(file, 'r:1', 'sha256:a')).toEqual([]);
    await recordLocations(file, 'r:1', 'one', ['sha256:a', 'sha256:b']);
    await recordLocations(file, 'r:1', 'two', ['sha256:a']);
    await recordLocations(file, 'r:1', 'one', ['sha256:a']);
    expect(await knownRepositories(file, 'r:1', 'sha256:a')).toEqual(['one', 'two']);
    expect(await knownRepositories(file, 'r:1', 'sha256:b')).toEqual(['one']);
    expect(await knownRepositories(file, 'other:2', 'sha256:a')).toEqual([]);
    expect(await knownRepositories(undefined, 'r:1', 'sha256:a')).toEqual([]);
  });
});
