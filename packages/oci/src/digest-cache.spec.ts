import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beginDigest, defaultDigestCachePath, fileIdentity, lookupDigest, storeDigest } from './digest-cache';
import { tempDir } from './test-support/fixtures';

const value = { digest: 'sha256:' + 'c'.repeat(64), size: 5, kind: 'actor' as const };

describe('digest cache', () => {
  it('lives under XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultDigestCachePath({ XDG_CACHE_HOME: '/x' })).toBe('/x/nx-wasmcloud/oci-digests.json');
  });

  it('answers for an unchanged file and forgets it once the file changes', async () => {
    const dir = tempDir();
    const cache = join(dir, 'cache', 'd.json');
    const file = join(dir, 'a.wasm');
    writeFileSync(file, 'hello');
    await new Promise((r) => setTimeout(r, 1100));
    const id = await fileIdentity(file);
    await storeDigest(cache, file, value, Date.now(), id);
    expect(await lookupDigest(cache, file)).toEqual(value);
    writeFileSync(file, 'HELLO'); // same size, new content
    expect(await lookupDigest(cache, file)).toBeUndefined();
  });

  it('does not store files changed less than a second before hashing began, or during it', async () => {
    const dir = tempDir();
    const cache = join(dir, 'd.json');
    const file = join(dir, 'b.wasm');
    writeFileSync(file, 'fresh');
    await storeDigest(cache, file, value, Date.now(), await fileIdentity(file));
    expect(await lookupDigest(cache, file)).toBeUndefined();
    const id = await fileIdentity(file);
    appendFileSync(file, 'x');
    await storeDigest(cache, file, value, Date.now() + 5000, id);
    expect(await lookupDigest(cache, file)).toBeUndefined();
  });

  it('beginDigest: identity taken before the read, result stored after it unless the file changed', async () => {
    const dir = tempDir();
    const cache = join(dir, 'd.json');
    const file = join(dir, 'c.wasm');
    writeFileSync(file, 'hello');
    await new Promise((r) => setTimeout(r, 1100));
    const store = await beginDigest(cache, file);
    await store(undefined);
    expect(await lookupDigest(cache, file)).toBeUndefined();
    await store(value);
    expect(await lookupDigest(cache, file)).toEqual(value);
    const changed = join(dir, 'd.wasm');
    writeFileSync(changed, 'hello');
    await new Promise((r) => setTimeout(r, 1100));
    const storeChanged = await beginDigest(cache, changed);
    appendFileSync(changed, '!');
    await storeChanged(value);
    expect(await lookupDigest(cache, changed)).toBeUndefined();
    await expect((await beginDigest(undefined, file))(value)).resolves.toBeUndefined();
  });
});
