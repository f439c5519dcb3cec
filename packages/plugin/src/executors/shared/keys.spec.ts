import { KeyPair, readKeyFile } from '@nx-wasmcloud/wascap';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { captureOutput } from '../../test-support/executor-context';
import { tempTree } from '../../test-support/files';
import { signingKeys } from './keys';

describe('signingKeys', () => {
  const ws = tempTree({});
  afterAll(() => ws.cleanup());

  it('uses explicit seeds and [actor] key_directory for the rest, by wash 0.22 precedence', async () => {
    const issuer = KeyPair.create('account');
    const out = captureOutput();
    const keys = await signingKeys(
      { issuer: issuer.seed },
      { role: 'module', name: 'hello' },
      { dir: ws.root, keyDirectory: './keys' },
      { HOME: ws.root },
    ).finally(out.restore);
    expect(keys.issuer.publicKey).toBe(issuer.publicKey);
    expect(keys.subject.publicKey).toMatch(/^M/);
    expect(existsSync(join(ws.root, 'keys/hello_module.nk'))).toBe(true);
    expect(keys.subject.publicKey).toBe((await readKeyFile(join(ws.root, 'keys/hello_module.nk'))).publicKey);
    expect(out.text()).not.toContain(issuer.seed);
  });

  it('lets WASH_KEYS win over [actor] key_directory, and keysDirectory over both', async () => {
    const out = captureOutput();
    const viaEnv = await signingKeys(
      {},
      { role: 'module', name: 'env' },
      { dir: ws.root, keyDirectory: './keys' },
      { HOME: ws.root, WASH_KEYS: join(ws.root, 'env-keys') },
    ).finally(out.restore);
    expect(viaEnv.subject.publicKey).toBe((await readKeyFile(join(ws.root, 'env-keys/env_module.nk'))).publicKey);
    expect(existsSync(join(ws.root, 'keys/env_module.nk'))).toBe(false);
    const out2 = captureOutput();
    const viaOption = await signingKeys(
      { keysDirectory: join(ws.root, 'opt-keys') },
      { role: 'module', name: 'opt' },
      { dir: ws.root, keyDirectory: './keys' },
      { HOME: ws.root, WASH_KEYS: join(ws.root, 'env-keys') },
    ).finally(out2.restore);
    expect(viaOption.subject.publicKey).toBe((await readKeyFile(join(ws.root, 'opt-keys/opt_module.nk'))).publicKey);
  });

  it('refuses to generate keys with disableKeygen', async () => {
    await expect(
      signingKeys({ disableKeygen: true }, { role: 'service', name: 'p' }, { dir: ws.root }, { HOME: ws.root, WASH_KEYS: join(ws.root, 'none') }),
    ).rejects.toThrow(/No keypair found/);
  });
});
