import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { createPar, inspectPar } from '@nx-wasmcloud/par';
import { LocalRegistry, pushArtifact, startLocalRegistry } from '@nx-wasmcloud/oci';
import { run, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../index';
import { captureIo } from '../test-support';

let dir: string;
let bin: string;
let bin2: string;
const account = KeyPair.create('account');
const service = KeyPair.create('service');
/** `par inspect -o json` of the archive the tests create (and push), as wash prints it. */
const FAKE_PAYMENTS = {
  name: 'Fake Payments',
  issuer: account.publicKey,
  service: service.publicKey,
  capability_contract_id: 'examples:payments',
  vendor: 'wasmCloud',
  version: '1.0',
  revision: 1,
  targets: ['x86_64-linux'],
  valid: true,
};

function cc(name: string, message: string): string {
  if (!existsSync('/usr/bin/cc')) throw new Error('/usr/bin/cc not found: the par CLI tests build real native binaries');
  const src = join(dir, `${name}.c`);
  writeFileSync(src, `#include <stdio.h>\nint main(void){puts(${JSON.stringify(message)});return 0;}\n`);
  execFileSync('/usr/bin/cc', ['-o', join(dir, name), src]);
  return join(dir, name);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-par-'));
  bin = cc('fakepay', 'one');
  bin2 = cc('fakepay_arm', 'two');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const io = (env: NodeJS.ProcessEnv = {}) => captureIo({ cwd: dir, env: { WASH_KEYS: join(dir, 'nokeys'), ...env } });
const createArgs = (): string[] => ['par', 'create', '-c', 'examples:payments', '-v', 'wasmCloud', '-n', 'Fake Payments', '-a', 'x86_64-linux', '-b', bin];

describe('par create', () => {
  it('writes <binary stem>.par in cwd and prints wash text', async () => {
    const out = io();
    expect(await run([...createArgs(), '-i', account.seed, '-s', service.seed, '-r', '1', '--version', '1.0'], out)).toBe(EXIT_OK);
    expect(out.stdout).toEqual([`Successfully created archive ${join(dir, 'fakepay.par')}`]);
    expect(out.stderr).toEqual([]);
    const inspect = io();
    expect(await run(['par', 'inspect', 'fakepay.par', '-o', 'json'], inspect)).toBe(EXIT_OK);
    const json = JSON.parse(inspect.stdout[0]);
    expect(Object.keys(json).slice(0, 8)).toEqual(['name', 'issuer', 'service', 'capability_contract_id', 'vendor', 'version', 'revision', 'targets']);
    expect(json).toMatchObject(FAKE_PAYMENTS);
  });

  it('compresses to --destination with JSON output, keys from the environment', async () => {
    const out = io({ WASH_ISSUER_KEY: account.seed, WASH_SUBJECT_KEY: service.seed });
    expect(await run([...createArgs(), '--compress', '--destination', 'build/out.par', '-o', 'json'], (mkdirSync(join(dir, 'build')), out))).toBe(EXIT_OK);
    expect(JSON.parse(out.stdout[0])).toEqual({ file: join(dir, 'build', 'out.par.gz') });
    expect(
      readFileSync(join(dir, 'build', 'out.par.gz'))
        .subarray(0, 10)
        .toString('hex'),
    ).toBe('1f8b08000000000002ff');
  });

  it('generates $USER_account.nk and <stem>_service.nk in -d when missing, saying so on stderr', async () => {
    const keys = join(dir, 'keys');
    const out = io({ USER: 'alice' });
    expect(await run([...createArgs(), '-d', keys, '--destination', 'gen.par'], out)).toBe(EXIT_OK);
    expect(statSync(join(keys, 'alice_account.nk')).mode & 0o777).toBe(0o600);
    expect(existsSync(join(keys, 'fakepay_service.nk'))).toBe(true);
    expect(out.stderr.join('\n')).toContain('No keypair found in');
    const inspect = io();
    await run(['par', 'inspect', 'gen.par', '-o', 'json'], inspect);
    expect(JSON.parse(inspect.stdout[0]).service).toBe(KeyPair.fromSeed(readFileSync(join(keys, 'fakepay_service.nk'), 'utf8')).publicKey);
  });

  it('fails with --disable-keygen and no keys, writing nothing', async () => {
    const out = io();
    expect(await run([...createArgs(), '--disable-keygen', '--destination', 'none.par'], out)).toBe(EXIT_FAILED);
    expect(out.stderr.join('\n')).toMatch(/^error: No keypair found in/);
    expect(existsSync(join(dir, 'none.par'))).toBe(false);
  });

  it('rejects darwin targets (exit 1) and bad flags (exit 2)', async () => {
    const out = io();
    const args = ['par', 'create', '-c', 'a:b', '-v', 'v', '-n', 'n', '-a', 'x86_64-darwin', '-b', bin, '-i', account.seed, '-s', service.seed];
    expect(await run(args, out)).toBe(EXIT_FAILED);
    expect(out.stderr).toEqual([expect.stringMatching(/^error: invalid PAR target 'x86_64-darwin'.*use 'x86_64-macos'/)]);
    const usage = io();
    expect(await run([...createArgs(), '-r', 'one'], usage)).toBe(EXIT_USAGE);
    expect(usage.stderr.join('\n')).toContain("--revision must be an integer, got 'one'");
    const missing = io();
    expect(await run(['par', 'create', '-c', 'a:b'], missing)).toBe(EXIT_USAGE);
  });

  it('reads -j relative to the working directory, or WASH_JSON_SCHEMA', async () => {
    writeFileSync(join(dir, 'schema.json'), '{"type":"object"}');
    const seeds = ['-i', account.seed, '-s', service.seed];
    expect(await run([...createArgs(), ...seeds, '-j', 'schema.json', '--destination', 's.par'], io())).toBe(EXIT_OK);
    expect((await inspectPar(join(dir, 's.par'))).configSchema).toEqual({ type: 'object' });
    expect(await run([...createArgs(), ...seeds, '--destination', 's2.par'], io({ WASH_JSON_SCHEMA: join(dir, 'schema.json') }))).toBe(EXIT_OK);
    expect((await inspectPar(join(dir, 's2.par'))).configSchema).toEqual({ type: 'object' });
  });

  it('never prints a seed, even when the seed is wrong', async () => {
    const out = io();
    const badSeed = 'SAAJLQZDZO57THPTIIEELEY7FJYOJZQWQD7FF4J67TUYTSCOXTF7R4Y3VY';
    expect(await run([...createArgs(), '-i', badSeed, '-s', service.seed, '--destination', 'x.par'], out)).toBe(EXIT_FAILED);
    expect([...out.stdout, ...out.stderr].join('\n')).not.toContain(badSeed);
    expect([...out.stdout, ...out.stderr].join('\n')).not.toContain(service.seed);
  });
});

describe('par create|insert read their inputs before resolving keys', () => {
  it('a bad binary, target, schema or archive fails with one line and leaves no key file', async () => {
    const keys = join(dir, 'fresh-keys');
    writeFileSync(join(dir, 'bad-schema.json'), '{"type":');
    writeFileSync(join(dir, 'junk.par'), 'not an archive at all');
    const good = ['par', 'create', '-c', 'a:b', '-v', 'v', '-n', 'n', '--destination', 'k.par'];
    const bad: string[][] = [
      [...good, '-a', 'x86_64-linux', '-b', 'missing-binary'],
      [...good, '-a', 'x86_64-linux', '-b', '/dev/zero'],
      [...good, '-a', 'x86_64-linux', '-b', dir],
      [...good, '-a', 'x86_64-darwin', '-b', bin],
      [...good, '-a', 'x86_64-linux', '-b', bin, '-j', 'bad-schema.json'],
      [...good, '-a', 'x86_64-linux', '-b', bin, '-j', 'missing.json'],
      ['par', 'insert', 'missing.par', '-a', 'aarch64-linux', '-b', bin2],
      ['par', 'insert', 'junk.par', '-a', 'aarch64-linux', '-b', bin2],
      ['par', 'insert', 'junk.par', '-a', 'aarch64-linux', '-b', 'missing-binary'],
    ];
    for (const args of bad) {
      const out = io({ USER: 'k' });
      expect(await run([...args, '-d', keys], out)).toBe(EXIT_FAILED);
      expect(out.stderr).toEqual([expect.stringMatching(/^error: /)]);
      expect(existsSync(keys)).toBe(false);
    }
    expect(existsSync(join(dir, 'k.par'))).toBe(false);
  });

  it('par insert refuses a tampered archive before resolving keys', async () => {
    const seeds = ['-i', account.seed, '-s', service.seed];
    await run([...createArgs(), ...seeds, '--destination', 'tamper.par'], io());
    const buf = readFileSync(join(dir, 'tamper.par'));
    buf[2048] ^= 0xff;
    writeFileSync(join(dir, 'tamper.par'), buf);
    const keys = join(dir, 'fresh-keys2');
    const out = io({ USER: 'k' });
    expect(await run(['par', 'insert', 'tamper.par', '-a', 'aarch64-linux', '-b', bin2, '-d', keys], out)).toBe(EXIT_FAILED);
    expect(out.stderr).toEqual([expect.stringMatching(/^error: tamper.par: target x86_64-linux: SHA-256/)]);
    expect(existsSync(keys)).toBe(false);
    expect(readFileSync(join(dir, 'tamper.par'))).toEqual(buf);
  });
});

describe('par insert / inspect', () => {
  it('inserts a target and inspect shows both, valid', async () => {
    const seeds = ['-i', account.seed, '-s', service.seed];
    await run([...createArgs(), ...seeds, '--destination', 'multi.par', '--compress'], io());
    const out = io();
    expect(await run(['par', 'insert', 'multi.par.gz', '-a', 'aarch64-linux', '-b', bin2, ...seeds], out)).toBe(EXIT_OK);
    expect(out.stdout).toEqual([`Successfully inserted ${bin2} into archive multi.par.gz`]);
    const text = io();
    expect(await run(['par', 'inspect', 'multi.par.gz'], text)).toBe(EXIT_OK);
    const printed = text.stdout.join('\n');
    expect(printed).toContain('Fake Payments - Provider Archive');
    expect(printed).toMatch(/aarch64-linux +\d+ B +[0-9A-F]{64} +ok/);
    expect(printed).toMatch(/x86_64-linux +\d+ B +[0-9A-F]{64} +ok/);
  });

  it('inspect exits 1 naming the failed check for a tampered archive', async () => {
    const seeds = ['-i', account.seed, '-s', service.seed];
    await run([...createArgs(), ...seeds, '--destination', 't.par'], io());
    const buf = readFileSync(join(dir, 't.par'));
    buf[2048] ^= 0xff; // inside the binary (claims take the first 3 blocks)
    writeFileSync(join(dir, 't.par'), buf);
    const out = io();
    expect(await run(['par', 'inspect', 't.par', '-o', 'json'], out)).toBe(EXIT_FAILED);
    expect(JSON.parse(out.stdout[0]).valid).toBe(false);
    expect(out.stderr).toEqual([expect.stringMatching(/^error: t.par: target x86_64-linux: SHA-256 [0-9A-F]{64} does not match target_hashes/)]);
  });

  it('inspect of a missing file is one line, exit 1', async () => {
    const out = io();
    expect(await run(['par', 'inspect', 'missing.par'], out)).toBe(EXIT_FAILED);
    expect(out.stderr).toEqual([`error: cannot read archive '${join(dir, 'missing.par')}': no such file`]);
  });
});

describe('par inspect <oci-ref>', () => {
  let reg: LocalRegistry;
  let ref: string;
  let digest: string;
  let cachedPar: string;

  beforeAll(async () => {
    reg = await startLocalRegistry();
    ref = `${reg.url}/cli/fakepay:1.0.0`;
    mkdirSync(join(dir, 'oci'));
    const { file } = await createPar({
      binaries: [{ target: 'x86_64-linux', path: bin }],
      capid: 'examples:payments',
      vendor: 'wasmCloud',
      name: 'Fake Payments',
      rev: 1,
      ver: '1.0',
      issuer: account,
      subject: service,
      destination: join(dir, 'oci', 'fakepay.par'),
      compress: true,
    });
    ({ digest } = await pushArtifact({ reference: ref, file, insecure: true, env: {} }));
    ({ file: cachedPar } = await createPar({
      binaries: [{ target: 'aarch64-linux', path: bin2 }],
      capid: 'examples:cached',
      vendor: 'cache',
      name: 'From Cache',
      issuer: account,
      subject: service,
      destination: join(dir, 'oci', 'cached.par'),
    }));
  }, 60_000);
  afterAll(async () => {
    await reg?.stop();
  });

  const tmpIo = (env: NodeJS.ProcessEnv = {}) => {
    const tmp = mkdtempSync(join(dir, 'tmp-'));
    return { out: captureIo({ cwd: dir, env: { TMPDIR: tmp, HOME: tmp, ...env } }), tmp };
  };

  it('pulls the archive and prints its claims and verified targets, leaving no temporary download', async () => {
    const { out, tmp } = tmpIo();
    expect(await run(['par', 'inspect', ref, '--insecure', '-o', 'json'], out)).toBe(EXIT_OK);
    expect(out.stderr).toEqual([]);
    const json = JSON.parse(out.stdout[0]);
    expect(json).toMatchObject(FAKE_PAYMENTS);
    expect(json.target_details[0].hash).toBe(createHash('sha256').update(readFileSync(bin)).digest('hex').toUpperCase());
    expect(readdirSync(tmp)).toEqual([]);
    const text = tmpIo().out;
    expect(await run(['par', 'inspect', ref, '--insecure'], text)).toBe(EXIT_OK);
    expect(text.stdout.join('\n')).toMatch(/^Fake Payments - Provider Archive\n/);
  });

  it('fails with exit 1 on a wrong --digest and passes with the pushed one', async () => {
    expect(await run(['par', 'inspect', ref, '--insecure', '--digest', digest], tmpIo().out)).toBe(EXIT_OK);
    const { out } = tmpIo();
    const wrong = 'f'.repeat(64);
    expect(await run(['par', 'inspect', ref, '--insecure', '-d', wrong], out)).toBe(EXIT_FAILED);
    expect(out.stdout).toEqual([]);
    expect(out.stderr).toEqual([`error: digest mismatch for ${ref}: expected sha256:${wrong}, the manifest's digest is ${digest}`]);
  });

  it("reads the hosts' cache file unless --no-cache, and names reference and cache file when the cached archive fails its checks", async () => {
    const { out, tmp } = tmpIo();
    // The hosts' cache name: lowercased reference, ':', '/', '.' -> '_', plus .bin
    const cacheFile = join(tmp, 'wasmcloud_ocicache', `${ref.replace(/[:/.]/g, '_')}.bin`);
    mkdirSync(dirname(cacheFile), { recursive: true });
    writeFileSync(cacheFile, readFileSync(cachedPar));
    expect(await run(['par', 'inspect', ref, '--insecure', '-o', 'json'], out)).toBe(EXIT_OK);
    expect(JSON.parse(out.stdout[0])).toMatchObject({ name: 'From Cache', capability_contract_id: 'examples:cached', targets: ['aarch64-linux'] });
    const fresh = captureIo({ cwd: dir, env: { TMPDIR: tmp, HOME: tmp } });
    expect(await run(['par', 'inspect', ref, '--insecure', '--no-cache', '-o', 'json'], fresh)).toBe(EXIT_OK);
    expect(JSON.parse(fresh.stdout[0]).name).toBe('Fake Payments');

    const tampered = readFileSync(cachedPar);
    tampered[2048] ^= 0xff; // inside the binary (claims take the first 3 blocks)
    writeFileSync(cacheFile, tampered);
    const bad = captureIo({ cwd: dir, env: { TMPDIR: tmp, HOME: tmp } });
    expect(await run(['par', 'inspect', ref, '--insecure'], bad)).toBe(EXIT_FAILED);
    expect(bad.stderr).toHaveLength(1);
    expect(bad.stderr[0].startsWith(`error: ${ref} (cached in ${cacheFile}): target aarch64-linux: SHA-256 `)).toBe(true);
    expect(bad.stderr[0]).toMatch(/does not match target_hashes/);
  });

  it('refuses the latest tag without --allow-latest (exit 1); an unreachable registry is one line, exit 1', async () => {
    const latest = tmpIo().out;
    expect(await run(['par', 'inspect', `${reg.url}/cli/fakepay:latest`, '--insecure'], latest)).toBe(EXIT_FAILED);
    expect(latest.stderr).toEqual(["error: Pulling artifacts with tag 'latest' is prohibited: give an explicit tag, or pass --allow-latest"]);
    const down = tmpIo().out;
    expect(await run(['par', 'inspect', '127.0.0.1:1/cli/fakepay:1.0.0', '--insecure'], down)).toBe(EXIT_FAILED);
    expect(down.stderr).toHaveLength(1);
    expect(down.stderr[0]).toMatch(/^error: .*127\.0\.0\.1:1/);
  });
});
