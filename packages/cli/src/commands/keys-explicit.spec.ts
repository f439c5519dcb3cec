import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { createPar } from '@nx-wasmcloud/par';
import { mutatedSeed, revealsSeed } from '../../../wascap/src/test-support/seed-mutations';
import { run } from '../program';
import { captureIo } from '../test-support';
import { explicitKey, keyOptions } from './keys-explicit';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cli-keys-explicit-'));
  // A minimal valid module (header only) and a stand-in provider binary.
  writeFileSync(path.join(dir, 'm.wasm'), Buffer.from('0061736d01000000', 'hex'));
  writeFileSync(path.join(dir, 'prov.bin'), 'provider');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A sound archive, so that `par insert` gets past its input checks to the keys.
beforeAll(async () => {
  const account = KeyPair.create('account');
  const service = KeyPair.create('service');
  await createPar({
    binaries: [{ target: 'x86_64-linux', path: path.join(dir, 'prov.bin') }],
    capid: 'x:y',
    vendor: 'v',
    name: 'n',
    issuer: account,
    subject: service,
    destination: path.join(dir, 'in.par'),
  });
});

describe('explicitKey', () => {
  it('prefers the flag, then the env var, naming whichever gave the value', () => {
    const io = captureIo({ cwd: '/w', env: { WASH_ISSUER_KEY: 'a.nk', WASH_SUBJECT_KEY: 'b.nk' } });
    expect(explicitKey(io, 'x.nk', 'issuer')).toEqual({ explicit: 'x.nk', explicitSource: '-i/--issuer', cwd: '/w' });
    expect(explicitKey(io, undefined, 'issuer')).toEqual({ explicit: 'a.nk', explicitSource: 'WASH_ISSUER_KEY', cwd: '/w' });
    expect(explicitKey(io, undefined, 'subject')).toEqual({ explicit: 'b.nk', explicitSource: 'WASH_SUBJECT_KEY', cwd: '/w' });
    expect(explicitKey(captureIo({ cwd: '/w' }), undefined, 'subject')).toEqual({ cwd: '/w' });
  });
});

describe('keyOptions', () => {
  it('gives the explicit key, the directory against the cwd, --disable-keygen, the env and stderr notices', () => {
    const io = captureIo({ cwd: '/w', env: { WASH_SUBJECT_KEY: 'b.nk' } });
    const issuer = keyOptions(io, { directory: 'keys', disableKeygen: true, issuer: 'x.nk' }, 'issuer');
    expect(issuer).toMatchObject({ explicit: 'x.nk', explicitSource: '-i/--issuer', cwd: '/w', directory: '/w/keys', disableKeygen: true, env: io.env });
    issuer.notice('generated a key');
    expect(io.stderr).toEqual(['generated a key']);
    expect(keyOptions(io, {}, 'subject')).toMatchObject({
      explicit: 'b.nk',
      explicitSource: 'WASH_SUBJECT_KEY',
      directory: undefined,
      disableKeygen: undefined,
    });
  });
});

describe('a mistyped seed is never printed', () => {
  const account = KeyPair.create('account');
  const module = KeyPair.create('module');
  const service = KeyPair.create('service');
  const operator = KeyPair.create('operator');

  it('WASH_ISSUER_KEY="${SEED}Q" claims sign: names the variable, not the value, exit 1', async () => {
    const io = captureIo({ cwd: dir, env: { WASH_ISSUER_KEY: `${account.seed}Q`, WASH_KEYS: path.join(dir, 'keys') } });
    expect(await run(['claims', 'sign', 'm.wasm', '-s', module.seed], io)).toBe(1);
    expect(io.stderr).toEqual([
      'error: the value of WASH_ISSUER_KEY is neither a key file nor a valid seed: invalid nkey seed: expected 58 characters, got 59',
    ]);
    expect(io.stdout).toEqual([]);
  });

  // Every place a key value enters the CLI: the -i/-s flags and WASH_ISSUER_KEY/WASH_SUBJECT_KEY of
  // claims sign, claims token and par create|insert, and token's -a.
  type Case = { seed: string; args: (v: string) => string[]; env?: (v: string) => NodeJS.ProcessEnv };
  const sign = ['claims', 'sign', 'm.wasm', '-d', 'out.wasm', '--disable-keygen'];
  const par = ['par', 'create', '-c', 'x:y', '-v', 'v', '-n', 'n', '-a', 'x86_64-linux', '-b', 'prov.bin', '--destination', 'out.par', '--disable-keygen'];
  const cases: Case[] = [
    { seed: account.seed, args: (v) => [...sign, '-i', v, '-s', module.seed] },
    { seed: module.seed, args: (v) => [...sign, '-i', account.seed, `--subject=${v}`] },
    { seed: account.seed, args: () => [...sign, '-s', module.seed], env: (v) => ({ WASH_ISSUER_KEY: v }) },
    { seed: module.seed, args: () => [...sign, '-i', account.seed], env: (v) => ({ WASH_SUBJECT_KEY: v }) },
    { seed: operator.seed, args: (v) => ['claims', 'token', 'operator', '-n', 'op', '--disable-keygen', '-i', v] },
    { seed: operator.seed, args: (v) => ['claims', 'token', 'operator', '-n', 'op', '-i', operator.seed, '-a', v] },
    { seed: account.seed, args: (v) => ['claims', 'token', 'account', '-n', 'acc', '-i', operator.seed, '-s', v] },
    { seed: operator.seed, args: () => ['claims', 'token', 'account', '-n', 'acc', '-s', account.seed], env: (v) => ({ WASH_ISSUER_KEY: v }) },
    { seed: service.seed, args: (v) => ['claims', 'token', 'provider', '-n', 'p', '-c', 'x:y', '-v', 'v', '-i', account.seed, '-s', v] },
    { seed: account.seed, args: (v) => [...par, '-i', v, '-s', service.seed] },
    { seed: service.seed, args: () => [...par, '-i', account.seed], env: (v) => ({ WASH_SUBJECT_KEY: v }) },
    { seed: account.seed, args: (v) => ['par', 'insert', 'in.par', '-a', 'aarch64-linux', '-b', 'prov.bin', '-i', v, '-s', service.seed] },
    {
      seed: service.seed,
      args: () => ['par', 'insert', 'in.par', '-a', 'aarch64-linux', '-b', 'prov.bin', '-i', account.seed],
      env: (v) => ({ WASH_SUBJECT_KEY: v }),
    },
    { seed: module.seed, args: (v) => ['keys', 'get', v] },
  ];

  it('property: mutated seeds through every key option, run in-process, never show up in stdout or stderr', async () => {
    const refusedKeys = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: cases.length - 1 }).chain((i) => fc.tuple(fc.constant(i), mutatedSeed(cases[i].seed))),
        async ([i, value]) => {
          const c = cases[i];
          const io = captureIo({ cwd: dir, env: { HOME: dir, WASH_KEYS: path.join(dir, 'keys'), USER: 'fuzz', ...(c.env?.(value) ?? {}) } });
          const code = await run(c.args(value), io);
          const printed = [...io.stdout, ...io.stderr].join('\n');
          if (revealsSeed(printed, c.seed, value)) throw new Error(`case ${i} (exit ${code}) printed the seed: ${JSON.stringify(printed)}`);
          if (code !== 0) expect(io.stderr.filter((l) => l.startsWith('error:'))).toHaveLength(1);
          if (/is neither a key file nor a valid seed|matches no key/.test(io.stderr.join('\n'))) refusedKeys.add(i);
        },
      ),
      { numRuns: 300 },
    );
    // Each case got as far as its key (its other inputs are sound) at least once.
    expect([...refusedKeys].sort((a, b) => a - b)).toEqual(cases.map((_, i) => i));
    // --disable-keygen everywhere: the fuzzing generated no key files.
    expect(readdirSync(dir).filter((f) => f === 'keys')).toEqual([]);
  });
});
