import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { run } from '../program';
import { captureIo } from '../test-support';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cli-keys-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('keys gen', () => {
  it('prints a new module key pair in wash text form', async () => {
    const io = captureIo();
    expect(await run(['keys', 'gen', 'module'], io)).toBe(0);
    const m = /^Public Key: (M[A-Z2-7]{55})\nSeed: (SM[A-Z2-7]{56})\n\nRemember that the seed is private, treat it as a secret\.$/.exec(io.stdout.join('\n'));
    expect(m).not.toBeNull();
    expect(KeyPair.fromSeed(m![2]).publicKey).toBe(m![1]);
  });

  it('prints JSON {public_key, seed} with -o json', async () => {
    const io = captureIo();
    expect(await run(['keys', 'gen', 'service', '-o', 'json'], io)).toBe(0);
    const out = JSON.parse(io.stdout.join(''));
    expect(Object.keys(out)).toEqual(['public_key', 'seed']);
    expect(KeyPair.fromSeed(out.seed).publicKey).toBe(out.public_key);
    expect(out.public_key).toMatch(/^V/);
  });

  it.each([
    ['actor', 'M'],
    ['Module', 'M'],
    ['PROVIDER', 'V'],
    ['service', 'V'],
    ['host', 'N'],
    ['Server', 'N'],
    ['account', 'A'],
    ['operator', 'O'],
    ['user', 'U'],
    ['cluster', 'C'],
  ])("accepts wash's key type %s (any case) and makes a key starting %s", async (keytype, prefix) => {
    const io = captureIo();
    expect(await run(['keys', 'gen', keytype, '-o', 'json'], io)).toBe(0);
    const out = JSON.parse(io.stdout.join(''));
    expect(out.public_key[0]).toBe(prefix);
    expect(out.seed.slice(0, 2)).toBe(`S${prefix}`);
  });

  it('rejects an unknown key type as a usage error', async () => {
    const io = captureIo();
    expect(await run(['keys', 'gen', 'wizard'], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/unknown key type 'wizard'/);
  });
});

describe('keys list / get', () => {
  it('lists the .nk files of WASH_KEYS and gets one', async () => {
    const kp = KeyPair.create('account');
    writeFileSync(path.join(dir, 'alice_account.nk'), kp.seed);
    writeFileSync(path.join(dir, 'echo_module.nk'), KeyPair.create('module').seed + '\n');
    const io = captureIo({ env: { WASH_KEYS: dir } });
    expect(await run(['keys', 'list'], io)).toBe(0);
    expect(io.stdout.join('\n')).toContain(`Keys found in ${dir}:`);
    expect(io.stdout.join('\n').split('\n').slice(-2)).toEqual(['alice_account.nk', 'echo_module.nk']);

    const json = captureIo({ env: {} });
    expect(await run(['keys', 'list', '-d', dir, '-o', 'json'], json)).toBe(0);
    expect(JSON.parse(json.stdout.join(''))).toEqual({ keys: ['alice_account.nk', 'echo_module.nk'], directory: dir });

    const get = captureIo({ env: { WASH_KEYS: dir } });
    expect(await run(['keys', 'get', 'alice_account', '-o', 'json'], get)).toBe(0);
    expect(JSON.parse(get.stdout.join(''))).toEqual({ seed: kp.seed });

    // Text: the seed alone (the file's content, trimmed), as `wash keys get` prints it.
    const text = captureIo({ env: { WASH_KEYS: dir } });
    expect(await run(['keys', 'get', 'echo_module'], text)).toBe(0);
    expect(text.stdout).toHaveLength(1);
    expect(KeyPair.fromSeed(text.stdout[0]).publicKey).toMatch(/^M/);
  });

  it('says in --help that get prints only the seed', async () => {
    const io = captureIo();
    expect(await run(['keys', 'get', '--help'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/only the\s+seed/);
  });

  it('escapes control characters in listed file names', async () => {
    writeFileSync(path.join(dir, 'evil\x1b[2J\nfake_account.nk'), KeyPair.create('account').seed);
    const io = captureIo({ env: { WASH_KEYS: dir } });
    expect(await run(['keys', 'list'], io)).toBe(0);
    expect(io.stdout.join('\n').split('\n').pop()).toBe('evil\\x1b[2J\\nfake_account.nk');
  });

  it('does not echo a seed given as a key name', async () => {
    const seed = KeyPair.create('account').seed;
    const io = captureIo({ env: { WASH_KEYS: dir } });
    expect(await run(['keys', 'get', seed], io)).toBe(1);
    expect(io.stderr).toEqual([
      `error: the key name given (not shown: it looks like a seed) matches no key in ${dir} (run 'keys list' to see the stored keys)`,
    ]);
  });

  it('fails with one line for a missing key', async () => {
    const io = captureIo({ env: { WASH_KEYS: dir } });
    expect(await run(['keys', 'get', 'nobody_account'], io)).toBe(1);
    expect(io.stderr).toEqual([expect.stringMatching(/^error: the key name 'nobody_account' matches no key in /)]);
  });
});
