import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { InvalidKeyError, KeyStoreError } from './errors';
import { getKey, listKeys, resolveKeyPair, resolveKeyPairDetailed } from './keystore';
import { KeyPair } from './nkeys';
import { BAD_CRC_SEEDS, SEED_VECTORS } from './test-support/vectors';
import { mutatedSeed, revealsSeed } from './test-support/seed-mutations';
import { transpileSources } from './test-support/transpile';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'wascap-keys-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('resolveKeyPair', () => {
  it('generates <USER>_account.nk on first use with wash notice, bare seed, 0600 file in a 0700 dir, then reuses it', async () => {
    const dir = path.join(root, 'keys');
    const notices: string[] = [];
    const env = { WASH_KEYS: dir, USER: 'alice' };
    const first = await resolveKeyPairDetailed({ role: 'account', env, notice: (m) => notices.push(m) });
    const file = path.join(dir, 'alice_account.nk');
    expect(first).toMatchObject({ file, generated: true });
    expect(notices).toEqual([
      `No keypair found in "${file}".\nWe will generate one for you and place it there.\nIf you'd like to use alternative keys, you can supply them as a flag.`,
    ]);
    expect(notices.join()).not.toContain(first.key.seed);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(first.key.seed);
    expect(text).toHaveLength(58);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const again = await resolveKeyPair({ role: 'account', env, notice: (m) => notices.push(m) });
    expect(again.publicKey).toBe(first.key.publicKey);
    expect(notices).toHaveLength(1);
  });

  it('defaults the account name to `user` without $USER, and names module keys by the given stem', async () => {
    const env = { WASH_KEYS: root };
    await resolveKeyPair({ role: 'account', env, notice: () => undefined });
    const mod = await resolveKeyPair({ role: 'module', name: 'echo', env, notice: () => undefined });
    expect(mod.role).toBe('module');
    expect((await listKeys({ env })).keys.map((k) => [k.keyName, k.role])).toEqual([
      ['echo_module', 'module'],
      ['user_account', 'account'],
    ]);
  });

  it('fails with wash wording when keygen is disabled', async () => {
    await expect(resolveKeyPair({ role: 'module', name: 'echo', directory: root, disableKeygen: true })).rejects.toThrow(
      `No keypair found in ${path.join(root, 'echo_module.nk')}, please ensure key exists or supply one as a flag`,
    );
  });

  it('reads committed-style key files with trailing newlines', async () => {
    const [seed, pub] = SEED_VECTORS[10];
    writeFileSync(path.join(root, 'echo_module.nk'), seed + '\n\n');
    expect((await resolveKeyPair({ role: 'module', name: 'echo', directory: root })).publicKey).toBe(pub);
  });

  it('takes an explicit value as a file path if it exists, else as a literal seed', async () => {
    const [seed, pub] = SEED_VECTORS[9];
    const file = path.join(root, 'issuer.nk');
    writeFileSync(file, seed + '\n');
    expect((await resolveKeyPair({ role: 'account', explicit: file, directory: path.join(root, 'unused') })).publicKey).toBe(pub);
    expect((await resolveKeyPair({ role: 'account', explicit: seed, directory: path.join(root, 'unused') })).publicKey).toBe(pub);
  });

  it('never echoes a bad explicit seed or a bad key file', async () => {
    const bad = BAD_CRC_SEEDS[0];
    const err = await resolveKeyPair({ role: 'account', explicit: bad }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(InvalidKeyError);
    expect((err as Error).message).toBe('the account key given is neither a key file nor a valid seed: invalid nkey seed: checksum mismatch');
    expect((err as Error).message).not.toContain(bad.slice(4, 30));
    writeFileSync(path.join(root, 'x_account.nk'), bad);
    const fileErr = await resolveKeyPair({ role: 'account', name: 'x', directory: root }).catch((e: Error) => e);
    expect((fileErr as Error).message).toBe(`key file ${path.join(root, 'x_account.nk')}: invalid nkey seed: checksum mismatch`);
  });

  it('rejects a key of the wrong role', async () => {
    await expect(resolveKeyPair({ role: 'module', explicit: SEED_VECTORS[9][0] })).rejects.toThrow(/expected a module seed, got an account seed/);
  });

  it('reports an unusable key directory as a KeyStoreError', async () => {
    const blocker = path.join(root, 'file');
    writeFileSync(blocker, 'x');
    await expect(resolveKeyPair({ role: 'module', name: 'm', directory: path.join(blocker, 'keys'), notice: () => undefined })).rejects.toThrow(KeyStoreError);
  });
});

describe('listKeys / getKey', () => {
  it('lists *.nk files sorted and gets one by name', async () => {
    const kp = KeyPair.create('service');
    writeFileSync(path.join(root, 'http_service.nk'), kp.seed);
    writeFileSync(path.join(root, 'README.txt'), 'not a key');
    mkdirSync(path.join(root, 'sub'));
    expect((await listKeys({ directory: root })).keys.map((k) => k.keyName)).toEqual(['http_service']);
    expect((await getKey('http_service', { directory: root })).key.publicKey).toBe(kp.publicKey);
    expect((await getKey('http_service.nk', { directory: root })).key.publicKey).toBe(kp.publicKey);
    await expect(getKey('missing', { directory: root })).rejects.toThrow(/the key name 'missing' matches no key in /);
    expect((await listKeys({ directory: path.join(root, 'none') })).keys).toEqual([]);
  });
});

describe('explicit key paths', () => {
  it('names a missing key file instead of treating the path as a seed', async () => {
    const missing = path.join(root, 'nope', 'issuer.nk');
    await expect(resolveKeyPair({ role: 'account', explicit: missing })).rejects.toThrow(`the account key file ${missing} does not exist`);
    await expect(resolveKeyPair({ role: 'account', explicit: 'nope/issuer.nk', cwd: root, explicitSource: 'WASH_ISSUER_KEY' })).rejects.toThrow(
      `the account key file ${missing} (given by WASH_ISSUER_KEY) does not exist`,
    );
  });

  it('resolves a relative key path against cwd', async () => {
    const [seed, pub] = SEED_VECTORS[9];
    writeFileSync(path.join(root, 'issuer.nk'), seed);
    expect((await resolveKeyPair({ role: 'account', explicit: 'issuer.nk', cwd: root })).publicKey).toBe(pub);
  });

  it('never prints a mistyped seed, not even as a path: "${SEED}Q" names the source, not the value', async () => {
    const seed = KeyPair.create('account').seed;
    const err = await resolveKeyPair({ role: 'account', explicit: `${seed}Q`, cwd: root, explicitSource: 'WASH_ISSUER_KEY' }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(InvalidKeyError);
    expect((err as Error).message).toBe(
      'the value of WASH_ISSUER_KEY is neither a key file nor a valid seed: invalid nkey seed: expected 58 characters, got 59',
    );
    for (const value of [`/keys/${seed}`, `"${seed}"`, `${seed.slice(0, 30)} ${seed.slice(30)}`]) {
      const e = await resolveKeyPair({ role: 'account', explicit: value, cwd: root, explicitSource: '-i/--issuer' }).catch((x: Error) => x);
      expect((e as Error).message).toMatch(/^the value of -i\/--issuer is neither a key file nor a valid seed: /);
    }
  });

  it('property: no mutation of a seed reaches an error message, whatever the role asked for', async () => {
    const seeds = (['account', 'module', 'service', 'operator'] as const).map((r) => KeyPair.create(r).seed);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...seeds).chain((seed) => fc.tuple(fc.constant(seed), mutatedSeed(seed))),
        fc.constantFrom('account', 'module', 'service', 'operator') as fc.Arbitrary<'account' | 'module' | 'service' | 'operator'>,
        fc.constantFrom(undefined, 'WASH_ISSUER_KEY', '-s/--subject'),
        async ([seed, value], role, explicitSource) => {
          try {
            await resolveKeyPairDetailed({ role, explicit: value, cwd: root, explicitSource, directory: path.join(root, 'k'), notice: () => undefined });
          } catch (e) {
            expect(e).toBeInstanceOf(InvalidKeyError);
            expect(revealsSeed(String((e as Error).message) + String((e as Error).stack), seed, value)).toBe(false);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('concurrent first-time key generation', () => {
  it('in one process: every caller ends with the key that is on disk', async () => {
    const env = { WASH_KEYS: path.join(root, 'keys'), USER: 'ci' };
    const notices: string[] = [];
    const results = await Promise.all(Array.from({ length: 12 }, () => resolveKeyPairDetailed({ role: 'account', env, notice: (m) => notices.push(m) })));
    const onDisk = KeyPair.fromSeed(readFileSync(path.join(root, 'keys', 'ci_account.nk'), 'utf8')).publicKey;
    expect(new Set(results.map((r) => r.key.publicKey))).toEqual(new Set([onDisk]));
    expect(results.filter((r) => r.generated)).toHaveLength(1);
    expect(notices).toHaveLength(1);
    expect(readdirSync(path.join(root, 'keys'))).toEqual(['ci_account.nk']);
  });

  it('in several real processes started at once: all sign with one key, the file holds it, 0600 in a 0700 dir', async () => {
    const lib = transpileSources(path.join(root, 'lib'));
    const keys = path.join(root, 'fresh', 'keys');
    // Each child loads the key store, says "ready", and resolves the key only when told "go", so
    // the resolutions overlap as in `nx run-many -t sign` on a fresh machine.
    const script = `
      const { resolveKeyPairDetailed } = require(${JSON.stringify(path.join(lib, 'keystore.js'))});
      process.stdout.write('ready\\n');
      process.stdin.once('data', async () => {
        const r = await resolveKeyPairDetailed({ role: 'account', env: { WASH_KEYS: ${JSON.stringify(keys)}, USER: 'ci' }, notice: () => {} });
        process.stdout.write(JSON.stringify({ publicKey: r.key.publicKey, generated: r.generated }) + '\\n');
        process.exit(0);
      });`;
    const children = Array.from({ length: 6 }, () => spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'pipe'] }));
    const outputs = children.map(
      (child) =>
        new Promise<string>((resolve, reject) => {
          let out = '';
          let err = '';
          child.stdout.on('data', (d) => (out += d));
          child.stderr.on('data', (d) => (err += d));
          child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}: ${err}`))));
        }),
    );
    try {
      await Promise.all(children.map((child) => new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))));
      for (const child of children) child.stdin.write('go\n');
      const results = (await Promise.all(outputs)).map((o) => JSON.parse(o.trim().split('\n').pop()!) as { publicKey: string; generated: boolean });
      const file = path.join(keys, 'ci_account.nk');
      const onDisk = KeyPair.fromSeed(readFileSync(file, 'utf8')).publicKey;
      expect(results.map((r) => r.publicKey)).toEqual(results.map(() => onDisk));
      expect(results.filter((r) => r.generated)).toHaveLength(1);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(keys).mode & 0o777).toBe(0o700);
      expect(readdirSync(keys)).toEqual(['ci_account.nk']);
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill();
    }
  });
});
