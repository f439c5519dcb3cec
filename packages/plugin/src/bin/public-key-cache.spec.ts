import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '../test-support/files';
import { PublicKeyCache } from './public-key-cache';

describe('PublicKeyCache', () => {
  const ws = tempTree({ 'k_module.nk': 'seed-one' });
  afterAll(() => ws.cleanup());

  it('derives once per file identity and persists only public keys', async () => {
    const file = join(ws.root, 'cache.json');
    const key = join(ws.root, 'k_module.nk');
    let derived = 0;
    const derive = async () => `PK${++derived}`;
    const a = new PublicKeyCache(file);
    expect(await a.publicKey(key, derive)).toBe('PK1');
    expect(await a.publicKey(key, derive)).toBe('PK1');
    a.save();
    expect(readFileSync(file, 'utf8')).not.toContain('seed-one');
    expect(await new PublicKeyCache(file).publicKey(key, derive)).toBe('PK1');
    writeFileSync(key, 'seed-two-longer');
    expect(await new PublicKeyCache(file).publicKey(key, derive)).toBe('PK2');
  });
});
