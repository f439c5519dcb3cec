import { KeyPair, writeKeyFile } from '@nx-wasmcloud/wascap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempTree } from '../test-support/files';
import { publicKeyLines } from './key-lines';

describe('publicKeyLines', () => {
  const ws = tempTree({});
  afterAll(() => ws.cleanup());

  it('prints public keys of the account, module and service keys, never a seed', async () => {
    const dir = join(ws.root, 'keys');
    const account = KeyPair.create('account');
    const module = KeyPair.create('module');
    const service = KeyPair.create('service');
    await writeKeyFile(join(dir, 'me_account.nk'), account);
    await writeKeyFile(join(dir, 'hello_module.nk'), module);
    await writeKeyFile(join(dir, 'fact_service.nk'), service);
    const subject = KeyPair.create('module');
    // Not a key file: ignored.
    await writeKeyFile(join(dir, 'notes_curve.nk'), KeyPair.create('curve'));
    const lines = await publicKeyLines(dir, { WASH_SUBJECT_KEY: subject.seed, HOME: ws.root }, ws.root);
    expect(lines).toEqual([
      'WASH_ISSUER_KEY: unset',
      `WASH_SUBJECT_KEY: ${subject.publicKey}`,
      `fact_service: ${service.publicKey}`,
      `hello_module: ${module.publicKey}`,
      `me_account: ${account.publicKey}`,
    ]);
    const text = lines.join('\n');
    for (const k of [account, module, service, subject]) expect(text).not.toContain(k.seed);
  });

  it('caches public keys by file identity and notices a replaced key', async () => {
    const dir = join(ws.root, 'cached');
    const first = KeyPair.create('module');
    await writeKeyFile(join(dir, 'c_module.nk'), first);
    expect(await publicKeyLines(dir, { HOME: ws.root }, ws.root)).toContain(`c_module: ${first.publicKey}`);
    const cacheFile = join(ws.root, '.nx/workspace-data/nx-wasmcloud-public-keys.json');
    const cached = readFileSync(cacheFile, 'utf8');
    expect(cached).toContain(first.publicKey);
    expect(cached).not.toContain(first.seed);
    const second = KeyPair.create('module');
    await writeKeyFile(join(dir, 'c_module.nk'), second, { overwrite: true });
    expect(await publicKeyLines(dir, { HOME: ws.root }, ws.root)).toContain(`c_module: ${second.publicKey}`);
  });

  it('lets WASH_KEYS win over a per-project directory, as signing does', async () => {
    const other = join(ws.root, 'other');
    const k = KeyPair.create('account');
    await writeKeyFile(join(other, 'x_account.nk'), k);
    expect(await publicKeyLines(join(ws.root, 'keys'), { WASH_KEYS: other }, ws.root)).toContain(`x_account: ${k.publicKey}`);
  });

  it('prints "invalid" for an unusable explicit key instead of echoing it', async () => {
    const lines = await publicKeyLines(join(ws.root, 'none'), { WASH_ISSUER_KEY: 'SAnot-a-seed' }, ws.root);
    expect(lines[0]).toBe('WASH_ISSUER_KEY: invalid');
    expect(lines.join('\n')).not.toContain('SAnot-a-seed');
  });
});
