import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { customSection, decodeJwt, decodePublicKey, extractClaims, KeyPair, parseWasm, signActor, signClaimsJson, verifyActor } from '@nx-wasmcloud/wascap';
import { LocalRegistry, pushArtifact, startLocalRegistry } from '@nx-wasmcloud/oci';
import { run } from '../program';
import { captureIo } from '../test-support';

// Public test seeds from wash's own claims tests.
const ISSUER = 'SAADMA65NBETHOHQTXKV7XKQMXYDUS65JOWQORDR3IOMOB3UFZSDOU7TAA';
const ISSUER_PUB = 'AALSO6EPE54BWUHXTVJLDIABLYOTXMCOTK52THAIKMKHD32YYWWGQQPW';
const SUBJECT = 'SMAABZ62LGU4SLS4SFK3MD463TRC7ZWMZLYPSVH2AOL3WRZXPBIGZG66JE';
const SUBJECT_PUB = 'MCLFG44AN6RKNORIDSN5JACURXNEIP5Q6CH2BOG5FCTDF7HE6ES3MCQB';

let dir: string;
let wasmPath: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cli-claims-'));
  try {
    execFileSync('wat2wasm', ['--version'], { stdio: 'pipe' });
  } catch {
    throw new Error('wat2wasm (wabt) is required by these tests but was not found on PATH: run tools/ensure-system-deps.sh');
  }
  writeFileSync(path.join(dir, 'echo.wat'), '(module (func (export "f") (result i32) i32.const 7) (memory 1))');
  wasmPath = path.join(dir, 'echo.wasm');
  execFileSync('wat2wasm', [path.join(dir, 'echo.wat'), '-o', wasmPath]);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('claims sign', () => {
  it('signs to <stem>_s.wasm with explicit keys and wash flags, printing wash text', async () => {
    const before = readFileSync(wasmPath);
    const io = captureIo({ cwd: dir, env: { WASH_KEYS: path.join(dir, 'keys') } });
    const code = await run(
      [
        'claims',
        'sign',
        'echo.wasm',
        '-n',
        'echo',
        '-k',
        '-q',
        '-z',
        '-c',
        'example:thing',
        '-t',
        'a',
        '-t',
        'b',
        '-r',
        '3',
        '-v',
        '1.2.3',
        '-a',
        'my/echo',
        '-i',
        ISSUER,
        '-s',
        SUBJECT,
      ],
      io,
    );
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    const dest = path.join(dir, 'echo_s.wasm');
    expect(io.stdout).toEqual([`Successfully signed ${dest} with capabilities: wasmcloud:keyvalue,wasmcloud:httpserver,wasmcloud:extras,example:thing`]);
    expect(readFileSync(wasmPath)).toEqual(before);
    const token = verifyActor(readFileSync(dest));
    expect(token.claims.iss).toBe(ISSUER_PUB);
    expect(token.claims.sub).toBe(SUBJECT_PUB);
    expect(token.claims.wascap).toEqual({
      name: 'echo',
      hash: createHash('sha256').update(before).digest('hex').toUpperCase(),
      tags: ['a', 'b'],
      caps: ['wasmcloud:keyvalue', 'wasmcloud:httpserver', 'wasmcloud:extras', 'example:thing'],
      rev: 3,
      ver: '1.2.3',
      call_alias: 'my/echo',
      prov: false,
    });
    expect(token.section).toBe('wasmcloud_jwt');
    expect(existsSync(path.join(dir, 'keys'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('generates keys in WASH_KEYS with the notice on stderr, JSON on stdout, and --legacy writes `jwt`', async () => {
    const keys = path.join(dir, 'keys');
    const io = captureIo({ cwd: dir, env: { WASH_KEYS: keys, USER: 'tester' } });
    expect(await run(['claims', 'sign', wasmPath, '-d', path.join(dir, 'out.wasm'), '--legacy', '-o', 'json'], io)).toBe(0);
    expect(JSON.parse(io.stdout.join(''))).toEqual({ destination: path.join(dir, 'out.wasm'), capabilities: [], success: true });
    expect(io.stderr.join('\n')).toContain(`No keypair found in "${path.join(keys, 'tester_account.nk')}".`);
    expect(io.stderr.join('\n')).toContain(`No keypair found in "${path.join(keys, 'echo_module.nk')}".`);
    expect(statSync(path.join(keys, 'echo_module.nk')).mode & 0o777).toBe(0o600);
    const token = extractClaims(readFileSync(path.join(dir, 'out.wasm')))!;
    expect(token.section).toBe('jwt');
    expect(token.claims.wascap_revision).toBeUndefined();
    expect(token.claims.sub).toBe(KeyPair.fromSeed(readFileSync(path.join(keys, 'echo_module.nk'), 'utf8')).publicKey);
  });

  it('takes keys from WASH_ISSUER_KEY / WASH_SUBJECT_KEY (file path or seed) and honours --disable-keygen', async () => {
    writeFileSync(path.join(dir, 'issuer.nk'), ISSUER + '\n');
    const io = captureIo({ cwd: dir, env: { WASH_ISSUER_KEY: 'issuer.nk', WASH_SUBJECT_KEY: SUBJECT, WASH_KEYS: path.join(dir, 'k') } });
    expect(await run(['claims', 'sign', 'echo.wasm', '--disable-keygen'], io)).toBe(0);
    expect(extractClaims(readFileSync(path.join(dir, 'echo_s.wasm')))!.claims.iss).toBe(ISSUER_PUB);

    const none = captureIo({ cwd: dir, env: { WASH_KEYS: path.join(dir, 'k'), USER: 'u' } });
    expect(await run(['claims', 'sign', 'echo.wasm', '--disable-keygen'], none)).toBe(1);
    expect(none.stderr).toEqual([`error: No keypair found in ${path.join(dir, 'k', 'u_account.nk')}, please ensure key exists or supply one as a flag`]);
  });

  it('reports bad input as one line and never prints a seed', async () => {
    writeFileSync(path.join(dir, 'bad.wasm'), 'not wasm at all');
    const io = captureIo({ cwd: dir, env: {} });
    expect(await run(['claims', 'sign', 'bad.wasm', '-i', ISSUER, '-s', SUBJECT], io)).toBe(1);
    expect(io.stderr).toEqual([`error: ${path.join(dir, 'bad.wasm')}: not a wasm module: missing the \\0asm magic number`]);
    const badSeed = ISSUER.slice(0, 57) + (ISSUER[57] === 'A' ? 'B' : 'A');
    const io2 = captureIo({ cwd: dir, env: {} });
    expect(await run(['claims', 'sign', 'echo.wasm', '-i', badSeed, '-s', SUBJECT], io2)).toBe(1);
    expect(io2.stderr).toEqual(['error: the value of -i/--issuer is neither a key file nor a valid seed: invalid nkey seed: not RFC 4648 base32']);
    expect(io2.stderr.join('\n')).not.toContain(badSeed.slice(5, 40));
    const io3 = captureIo({ cwd: dir, env: {} });
    expect(await run(['claims', 'sign', 'echo.wasm', '-i', ISSUER, '-s', SUBJECT, '-r', 'x'], io3)).toBe(2);
  });
});

describe('claims sign reads the input before it resolves keys', () => {
  it('a missing, non-wasm, truncated or non-regular input fails with one line and leaves no key file', async () => {
    const keys = path.join(dir, 'keys');
    writeFileSync(path.join(dir, 'text.wasm'), 'plain text');
    writeFileSync(path.join(dir, 'cut.wasm'), Buffer.concat([readFileSync(wasmPath), Buffer.from([10, 50, 1])]));
    execFileSync('mkfifo', [path.join(dir, 'fifo.wasm')]);
    for (const input of ['missing.wasm', 'text.wasm', 'cut.wasm', 'fifo.wasm', '/dev/zero', '.']) {
      const io = captureIo({ cwd: dir, env: { WASH_KEYS: keys, USER: 't' } });
      expect(await run(['claims', 'sign', input], io)).toBe(1);
      expect(io.stderr).toHaveLength(1);
      expect(io.stderr[0]).toMatch(/^error: /);
      expect(existsSync(keys)).toBe(false);
    }
    const io = captureIo({ cwd: dir, env: { WASH_KEYS: keys, USER: 't' } });
    expect(await run(['claims', 'sign', 'echo.wasm', '-a', 'Not An Alias!'], io)).toBe(1);
    expect(existsSync(keys)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('claims inspect input files', () => {
  it('refuses FIFOs, devices and directories without reading them, one line, exit 1', async () => {
    execFileSync('mkfifo', [path.join(dir, 'pipe.wasm')]);
    const cases: [string, string][] = [
      ['pipe.wasm', "error: 'pipe.wasm' is a FIFO, not a regular file; give the .wasm file itself"],
      ['/dev/zero', "error: '/dev/zero' is a character device, not a regular file; give the .wasm file itself"],
      ['.', "error: '.' is a directory, not a regular file; give the .wasm file itself"],
    ];
    for (const [input, line] of cases) {
      const io = captureIo({ cwd: dir, env: {} });
      expect(await run(['claims', 'inspect', input], io)).toBe(1);
      expect(io.stderr).toEqual([line]);
    }
  });

  it('a validly signed iat of 1e20 is one line, exit 1; a u64 iat past the Date range is shown as a number', async () => {
    const header = Buffer.from('0061736d01000000', 'hex');
    const hash = createHash('sha256').update(header).digest('hex').toUpperCase();
    const issuer = KeyPair.fromSeed(ISSUER);
    const write = async (iat: number) => {
      const claims = { jti: 'j', iat, iss: issuer.publicKey, sub: SUBJECT_PUB, wascap: { hash, tags: [], caps: [], prov: false }, wascap_revision: 3 };
      const jwt = await signClaimsJson(JSON.stringify(claims), issuer);
      writeFileSync(path.join(dir, 'time.wasm'), Buffer.concat([header, customSection('wasmcloud_jwt', new TextEncoder().encode(jwt))]));
    };
    await write(1e20);
    const bad = captureIo({ cwd: dir, env: {} });
    expect(await run(['claims', 'inspect', 'time.wasm'], bad)).toBe(1);
    expect(bad.stderr).toEqual(["error: invalid JWT: claim 'iat' is not a whole number of seconds from 0 to 2^64-1"]);
    await write(2 ** 60);
    const far = captureIo({ cwd: dir, env: {} });
    expect(await run(['claims', 'inspect', 'time.wasm'], far)).toBe(0);
    expect(far.stdout.join('\n')).toContain(`Issued           ${2 ** 60} seconds after 1970 (beyond year 275760)`);
  });

  it('checks the magic on the first bytes and the size limit before reading a 1 GiB file', async () => {
    const big = path.join(dir, 'big.wasm');
    writeFileSync(big, Buffer.from('0061736d01000000', 'hex'));
    execFileSync('truncate', ['-s', '1G', big]);
    const io = captureIo({ cwd: dir, env: {} });
    const rss = process.memoryUsage().rss;
    expect(await run(['claims', 'inspect', 'big.wasm'], io)).toBe(1);
    expect(io.stderr).toEqual([
      "error: 'big.wasm' is 1 GiB, more than the 64 MiB limit for a module: if it is genuine, raise the limit with NX_WASMCLOUD_MAX_MODULE_BYTES=<bytes> (e.g. 256MiB)",
    ]);
    expect(process.memoryUsage().rss - rss).toBeLessThan(64 * 1024 * 1024);
    const small = captureIo({ cwd: dir, env: { NX_WASMCLOUD_MAX_MODULE_BYTES: '10' } });
    expect(await run(['claims', 'inspect', 'echo.wasm'], small)).toBe(1);
    expect(small.stderr[0]).toMatch(/^error: 'echo.wasm' is \d+ bytes, more than the 10 bytes limit for a module/);
  });
});

describe('claims inspect', () => {
  it('prints wash JSON keys plus name, hash, issued and wascap_revision', async () => {
    const env = { SOURCE_DATE_EPOCH: '1700000000' };
    expect(
      await run(
        ['claims', 'sign', 'echo.wasm', '-n', 'echo', '-g', '-v', '0.1.0', '-r', '1', '-x', '36500', '-i', ISSUER, '-s', SUBJECT],
        captureIo({ cwd: dir, env }),
      ),
    ).toBe(0);
    const io = captureIo({ cwd: dir, env: {} });
    expect(await run(['claims', 'inspect', 'echo_s.wasm', '-o', 'json'], io)).toBe(0);
    const out = JSON.parse(io.stdout.join(''));
    expect(out).toMatchObject({
      account: ISSUER_PUB,
      actor: SUBJECT_PUB,
      module: SUBJECT_PUB,
      can_be_used: 'immediately',
      version: '0.1.0',
      revision: 1,
      capabilities: ['Messaging'],
      tags: 'None',
      call_alias: '(Not set)',
      name: 'echo',
      hash: createHash('sha256').update(readFileSync(wasmPath)).digest('hex').toUpperCase(),
      issued: '2023-11-14T22:13:20.000Z',
      wascap_revision: 3,
    });
    expect(out.expires).toMatch(/^in \d+days$/);

    const text = captureIo({ cwd: dir, env: {} });
    expect(await run(['claims', 'inspect', 'echo_s.wasm'], text)).toBe(0);
    expect(text.stdout.join('\n')).toMatch(/^echo - Module\n {2}Account +AALSO6/);

    const jwt = captureIo({ cwd: dir, env: {} });
    expect(await run(['claims', 'inspect', 'echo_s.wasm', '--jwt-only'], jwt)).toBe(0);
    expect(jwt.stdout).toEqual([extractClaims(readFileSync(path.join(dir, 'echo_s.wasm')))!.jwt]);

    // wash: `--jwt-only -o json` prints {"token": ...}.
    const jwtJson = captureIo({ cwd: dir, env: {} });
    expect(await run(['claims', 'inspect', 'echo_s.wasm', '--jwt-only', '-o', 'json'], jwtJson)).toBe(0);
    expect(JSON.parse(jwtJson.stdout.join(''))).toEqual({ token: jwt.stdout[0] });
  });

  it('fails on unsigned and tampered modules', async () => {
    const io = captureIo({ cwd: dir, env: {} });
    expect(await run(['claims', 'inspect', 'echo.wasm'], io)).toBe(1);
    expect(io.stderr).toEqual(['error: echo.wasm is not signed: no jwt or wasmcloud_jwt custom section']);
    expect(await run(['claims', 'sign', 'echo.wasm', '-i', ISSUER, '-s', SUBJECT], captureIo({ cwd: dir, env: {} }))).toBe(0);
    const signed = readFileSync(path.join(dir, 'echo_s.wasm'));
    const code = parseWasm(signed).sections.find((s) => s.id === 10)!;
    signed[code.end - 2] ^= 0x01;
    writeFileSync(path.join(dir, 'bad_s.wasm'), signed);
    const bad = captureIo({ cwd: dir, env: {} });
    expect(await run(['claims', 'inspect', 'bad_s.wasm'], bad)).toBe(1);
    expect(bad.stderr).toEqual([expect.stringMatching(/^error: module hash mismatch: claims say [0-9A-F]{64}, the module's code hashes to [0-9A-F]{64}/)]);
  });
});

function requireWat2wasm(): void {
  try {
    execFileSync('wat2wasm', ['--version'], { stdio: 'pipe' });
  } catch {
    throw new Error('wat2wasm (wabt) is required by these tests but was not found on PATH: run tools/ensure-system-deps.sh');
  }
}

/** The hosts' cache file is the lowercased reference with ':', '/', '.' as '_', plus .bin. */
function hostCacheFile(tmp: string, ref: string): string {
  return path.join(tmp, 'wasmcloud_ocicache', `${ref.toLowerCase().replace(/[:/.]/g, '_')}.bin`);
}

describe('claims inspect <oci-ref>', () => {
  let reg: LocalRegistry;
  let work: string;
  let module: Buffer;
  let signed: Buffer;
  let digest: string;
  const account = KeyPair.create('account');
  const actorKey = KeyPair.create('module');
  let ref: string;

  beforeAll(async () => {
    requireWat2wasm();
    work = mkdtempSync(path.join(tmpdir(), 'cli-claims-oci-'));
    reg = await startLocalRegistry();
    ref = `${reg.url}/cli/echo:0.1.0`;
    writeFileSync(path.join(work, 'echo.wat'), '(module (func (export "g") (result i32) i32.const 42))');
    execFileSync('wat2wasm', [path.join(work, 'echo.wat'), '-o', path.join(work, 'echo.wasm')]);
    module = readFileSync(path.join(work, 'echo.wasm'));
    signed = Buffer.from(await signActor(module, { issuer: account, subject: actorKey, name: 'echo', caps: ['wasmcloud:keyvalue'], ver: '0.1.0', rev: 1 }));
    writeFileSync(path.join(work, 'echo_s.wasm'), signed);
    ({ digest } = await pushArtifact({ reference: ref, file: path.join(work, 'echo_s.wasm'), insecure: true, env: {} }));
  }, 60_000);
  afterAll(async () => {
    await reg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** A fresh TMPDIR per command, so no test sees another's cache or leftovers. */
  const ioWithTmp = (env: NodeJS.ProcessEnv = {}) => {
    const tmp = mkdtempSync(path.join(work, 'tmp-'));
    return { io: captureIo({ cwd: work, env: { TMPDIR: tmp, HOME: tmp, ...env } }), tmp };
  };

  it('pulls the module and prints its claims, leaving neither a cache file nor a temporary download', async () => {
    const { io, tmp } = ioWithTmp();
    expect(await run(['claims', 'inspect', ref, '--insecure', '-o', 'json'], io)).toBe(0);
    expect(io.stderr).toEqual([]);
    expect(JSON.parse(io.stdout.join(''))).toMatchObject({
      account: account.publicKey,
      module: actorKey.publicKey,
      name: 'echo',
      version: '0.1.0',
      revision: 1,
      capabilities: ['K/V Store'],
      hash: createHash('sha256').update(module).digest('hex').toUpperCase(),
    });
    // wash only reads the hosts' cache; the pull went to a temp dir that is gone again.
    expect(readdirSync(tmp)).toEqual([]);

    const text = ioWithTmp().io;
    expect(await run(['claims', 'inspect', ref, '--insecure'], text)).toBe(0);
    expect(text.stdout.join('\n')).toMatch(new RegExp(`^echo - Module\\n {2}Account +${account.publicKey}\\n {2}Module +${actorKey.publicKey}`));

    const jwt = ioWithTmp().io;
    expect(await run(['claims', 'inspect', ref, '--insecure', '--jwt-only'], jwt)).toBe(0);
    expect(jwt.stdout).toEqual([extractClaims(signed)!.jwt]);
  });

  it('checks -d/--digest against the manifest: the pushed digest (with or without sha256:) passes, another fails with exit 1', async () => {
    expect(await run(['claims', 'inspect', ref, '--insecure', '--digest', digest], ioWithTmp().io)).toBe(0);
    expect(await run(['claims', 'inspect', ref, '--insecure', '-d', digest.slice('sha256:'.length)], ioWithTmp().io)).toBe(0);
    const { io } = ioWithTmp();
    const wrong = `sha256:${'0'.repeat(64)}`;
    expect(await run(['claims', 'inspect', ref, '--insecure', '-d', wrong], io)).toBe(1);
    expect(io.stdout).toEqual([]);
    expect(io.stderr).toEqual([`error: digest mismatch for ${ref}: expected ${wrong}, the manifest's digest is ${digest}`]);
  });

  it("reads the hosts' cache file instead of pulling, unless --no-cache", async () => {
    const { io, tmp } = ioWithTmp();
    const other = Buffer.from(await signActor(module, { issuer: account, subject: KeyPair.create('module'), name: 'from-cache' }));
    const cacheFile = hostCacheFile(tmp, ref);
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    writeFileSync(cacheFile, other);
    expect(await run(['claims', 'inspect', ref, '--insecure', '-o', 'json'], io)).toBe(0);
    expect(JSON.parse(io.stdout.join('')).name).toBe('from-cache');
    // The cache is read without contacting the registry at all: this repository does not exist.
    const missingRef = `${reg.url}/cli/nowhere:9.9.9`;
    writeFileSync(hostCacheFile(tmp, missingRef), other);
    const offline = captureIo({ cwd: work, env: { TMPDIR: tmp, HOME: tmp } });
    expect(await run(['claims', 'inspect', missingRef, '--insecure', '-o', 'json'], offline)).toBe(0);
    expect(JSON.parse(offline.stdout.join('')).name).toBe('from-cache');

    const fresh = captureIo({ cwd: work, env: { TMPDIR: tmp, HOME: tmp } });
    expect(await run(['claims', 'inspect', ref, '--insecure', '--no-cache', '-o', 'json'], fresh)).toBe(0);
    expect(JSON.parse(fresh.stdout.join('')).name).toBe('echo');
    expect(readFileSync(cacheFile).equals(other)).toBe(true);
  });

  it('takes plain HTTP from WASMCLOUD_OCI_ALLOWED_INSECURE and refuses a tagless reference unless --allow-latest', async () => {
    const viaEnv = ioWithTmp({ WASMCLOUD_OCI_ALLOWED_INSECURE: reg.url });
    expect(await run(['claims', 'inspect', ref, '-o', 'json'], viaEnv.io)).toBe(0);
    expect(JSON.parse(viaEnv.io.stdout.join('')).module).toBe(actorKey.publicKey);

    await pushArtifact({ reference: `${reg.url}/cli/echo:latest`, file: path.join(work, 'echo_s.wasm'), insecure: true, allowLatest: true, env: {} });
    const refused = ioWithTmp().io;
    expect(await run(['claims', 'inspect', `${reg.url}/cli/echo`, '--insecure'], refused)).toBe(1);
    expect(refused.stderr.join('\n')).toMatch(/^error: Registry URLs must have explicit tag: .* To pull latest, use --allow-latest$/);
    const allowed = ioWithTmp().io;
    expect(await run(['claims', 'inspect', `${reg.url}/cli/echo`, '--insecure', '--allow-latest', '-o', 'json'], allowed)).toBe(0);
    expect(JSON.parse(allowed.stdout.join('')).name).toBe('echo');
  });

  it('reads an OCI image layout (oci:<dir>:<tag>, relative to the working directory) copied by skopeo', async () => {
    try {
      execFileSync('skopeo', ['--version'], { stdio: 'pipe' });
    } catch {
      throw new Error('skopeo is required by this test but was not found on PATH: run tools/ensure-system-deps.sh');
    }
    execFileSync('skopeo', ['copy', '--quiet', '--src-tls-verify=false', `docker://${ref}`, `oci:${path.join(work, 'layout')}:0.1.0`], { stdio: 'pipe' });
    const { io } = ioWithTmp();
    expect(await run(['claims', 'inspect', 'oci:layout:0.1.0', '-o', 'json'], io)).toBe(0);
    expect(JSON.parse(io.stdout.join(''))).toMatchObject({ module: actorKey.publicKey, name: 'echo' });
  });

  it('reads an existing file even when its path parses as a reference, and says "no such file" for a missing file', async () => {
    // A path that is also a valid reference to a registry nobody listens on (port 1): the file wins, as in wash.
    mkdirSync(path.join(work, 'localhost:1'), { recursive: true });
    writeFileSync(path.join(work, 'localhost:1', 'echo:1.0.0'), signed);
    const local = ioWithTmp().io;
    expect(await run(['claims', 'inspect', 'localhost:1/echo:1.0.0', '-o', 'json'], local)).toBe(0);
    expect(JSON.parse(local.stdout.join('')).module).toBe(actorKey.publicKey);

    const missing = ioWithTmp().io;
    expect(await run(['claims', 'inspect', 'nothere.wasm'], missing)).toBe(1);
    expect(missing.stderr).toEqual(["error: cannot read 'nothere.wasm': no such file"]);
  });
});

describe('claims token', () => {
  let keys: string;
  beforeEach(() => {
    keys = mkdtempSync(path.join(tmpdir(), 'cli-token-'));
  });
  afterEach(() => rmSync(keys, { recursive: true, force: true }));

  const token = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const io = captureIo({ cwd: keys, env: { USER: 'tester', WASH_KEYS: path.join(keys, 'store'), ...env } });
    const code = await run(['claims', 'token', ...args], io);
    return { code, io };
  };

  /** Checks the Ed25519 signature with node:crypto, independently of wascap's verifier. */
  const signedBy = (jwt: string, publicKey: string): boolean => {
    const [h, c, sig] = jwt.split('.');
    const x = Buffer.from(decodePublicKey(publicKey).raw).toString('base64url');
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    return verifySignature(null, Buffer.from(`${h}.${c}`), key, Buffer.from(sig, 'base64url'));
  };

  it('operator: self-signed, name and -a valid_signers, printed as {token} JSON', async () => {
    const op = KeyPair.create('operator');
    const extra = KeyPair.create('operator');
    writeFileSync(path.join(keys, 'extra.nk'), extra.seed);
    const { code, io } = await token(['operator', '-n', 'ops', '-i', op.seed, '-a', 'extra.nk', '-o', 'json']);
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    const out = JSON.parse(io.stdout.join(''));
    expect(Object.keys(out)).toEqual(['token']);
    const { claims } = decodeJwt(out.token);
    expect(claims.iss).toBe(op.publicKey);
    expect(claims.sub).toBe(op.publicKey);
    expect(claims.wascap).toEqual({ name: 'ops', valid_signers: [extra.publicKey] });
    expect(claims.exp).toBeUndefined();
    expect(signedBy(out.token, op.publicKey)).toBe(true);
    expect(io.stdout.join('')).not.toContain(op.seed);
  });

  it('operator: generates <name>_operator.nk once and reuses it; valid_signers is [] without -a (wash passes an empty list)', async () => {
    const first = await token(['operator', '-n', 'ops']);
    expect(first.code).toBe(0);
    const file = path.join(keys, 'store', 'ops_operator.nk');
    expect(first.io.stderr.join('\n')).toContain(`No keypair found in "${file}".`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const op = KeyPair.fromSeed(readFileSync(file, 'utf8'));
    const jwt = first.io.stdout.join('');
    expect(jwt.split('.')).toHaveLength(3);
    expect(decodeJwt(jwt).claims).toMatchObject({ iss: op.publicKey, sub: op.publicKey, wascap: { name: 'ops', valid_signers: [] } });
    const again = await token(['operator', '-n', 'ops', '--disable-keygen']);
    expect(again.code).toBe(0);
    expect(again.io.stderr).toEqual([]);
    expect(decodeJwt(again.io.stdout.join('')).claims.iss).toBe(op.publicKey);
  });

  it('account: issuer operator (-i / WASH_ISSUER_KEY), subject account, -x/-b in days', async () => {
    const op = KeyPair.create('operator');
    const acct = KeyPair.create('account');
    const { code, io } = await token(['account', '-n', 'team', '-s', acct.seed, '-x', '30', '-b', '2'], {
      WASH_ISSUER_KEY: op.seed,
      SOURCE_DATE_EPOCH: '1700000000',
    });
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    const jwt = io.stdout.join('');
    const { claims } = decodeJwt(jwt);
    expect(claims).toMatchObject({ iss: op.publicKey, sub: acct.publicKey, iat: 1700000000, wascap: { name: 'team', valid_signers: [] } });
    expect(claims.exp).toBe(1700000000 + 30 * 86400);
    expect(claims.nbf).toBe(1700000000 + 2 * 86400);
    expect(signedBy(jwt, op.publicKey)).toBe(true);
  });

  it('account: default keys are <name>_operator.nk and $USER_account.nk; an account seed as issuer fails without echoing it', async () => {
    const gen = await token(['account', '-n', 'team']);
    expect(gen.code).toBe(0);
    const op = KeyPair.fromSeed(readFileSync(path.join(keys, 'store', 'team_operator.nk'), 'utf8'));
    const acct = KeyPair.fromSeed(readFileSync(path.join(keys, 'store', 'tester_account.nk'), 'utf8'));
    expect(op.role).toBe('operator');
    expect(acct.role).toBe('account');
    expect(decodeJwt(gen.io.stdout.join('')).claims).toMatchObject({ iss: op.publicKey, sub: acct.publicKey });

    const wrong = KeyPair.create('account');
    const bad = await token(['account', '-n', 'team', '-i', wrong.seed, '-s', acct.seed]);
    expect(bad.code).toBe(1);
    expect(bad.io.stderr).toHaveLength(1);
    expect(bad.io.stderr[0]).toMatch(/^error: .*operator/);
    expect(bad.io.stderr[0]).not.toContain(wrong.seed);
  });

  it('actor: issuer account, subject module, the sign flags; empty hash; {token} with -o json', async () => {
    const acct = KeyPair.create('account');
    const mod = KeyPair.create('module');
    const { code, io } = await token([
      'actor',
      '-n',
      'echo',
      '-k',
      '-q',
      '-z',
      '-c',
      'x:y',
      '-t',
      'a',
      '-t',
      'b',
      '-r',
      '2',
      '-v',
      '0.2.0',
      '-a',
      'echo/v1',
      '-i',
      acct.seed,
      '-s',
      mod.seed,
      '-o',
      'json',
    ]);
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    const jwt = JSON.parse(io.stdout.join('')).token;
    const { claims } = decodeJwt(jwt);
    expect(claims).toMatchObject({ iss: acct.publicKey, sub: mod.publicKey, wascap_revision: 3 });
    expect(claims.wascap).toMatchObject({
      name: 'echo',
      hash: '',
      tags: ['a', 'b'],
      caps: ['wasmcloud:keyvalue', 'wasmcloud:httpserver', 'wasmcloud:extras', 'x:y'],
      rev: 2,
      ver: '0.2.0',
      call_alias: 'echo/v1',
      prov: false,
    });
    expect(signedBy(jwt, acct.publicKey)).toBe(true);

    const twoCaps = await token(['actor', '-n', 'p', '-p', '-k', '-g', '-i', acct.seed, '-s', mod.seed]);
    expect(twoCaps.code).toBe(2);
    expect(twoCaps.io.stderr).toEqual(['error: a capability provider (-p/--prov) cannot provide more than one capability']);
  });

  it('provider: issuer account, subject service, wash flags -c -v -r -e; empty target_hashes', async () => {
    const acct = KeyPair.create('account');
    const svc = KeyPair.create('service');
    const { code, io } = await token([
      'provider',
      '-n',
      'Fake Pay',
      '-c',
      'examples:payments',
      '-v',
      'acme',
      '-r',
      '3',
      '-e',
      '1.2.0',
      '-i',
      acct.seed,
      '-s',
      svc.seed,
      '-o',
      'json',
    ]);
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    const jwt = JSON.parse(io.stdout.join('')).token;
    const { claims } = decodeJwt(jwt);
    expect(claims.iss).toBe(acct.publicKey);
    expect(claims.sub).toBe(svc.publicKey);
    expect(claims.wascap).toEqual({ name: 'Fake Pay', capid: 'examples:payments', vendor: 'acme', rev: 3, ver: '1.2.0', target_hashes: {} });
    expect(signedBy(jwt, acct.publicKey)).toBe(true);

    const gen = await token(['provider', '-n', 'Fake Pay', '-c', 'examples:payments', '-v', 'acme']);
    expect(gen.code).toBe(0);
    const svcKey = KeyPair.fromSeed(readFileSync(path.join(keys, 'store', 'Fake Pay_service.nk'), 'utf8'));
    const acctKey = KeyPair.fromSeed(readFileSync(path.join(keys, 'store', 'tester_account.nk'), 'utf8'));
    expect(decodeJwt(gen.io.stdout.join('')).claims).toMatchObject({ iss: acctKey.publicKey, sub: svcKey.publicKey });
  });

  it('rejects bad numbers and missing required flags with exit 2', async () => {
    expect((await token(['operator', '-n', 'ops', '-x', 'soon'])).code).toBe(2);
    expect((await token(['account'])).code).toBe(2);
    expect((await token(['provider', '-n', 'p', '-c', 'a:b'])).code).toBe(2);
    expect((await token(['provider', '-n', 'p', '-c', 'a:b', '-v', 'v', '-r', 'x'])).code).toBe(2);
  });
});

describe('claims inspect <oci-ref> against a registry that requires a login', () => {
  const USER = 'ci-user';
  const PASSWORD = 'pw-never-printed-7f3a';
  let reg: LocalRegistry;
  let work: string;
  let ref: string;
  const account = KeyPair.create('account');

  beforeAll(async () => {
    requireWat2wasm();
    work = mkdtempSync(path.join(tmpdir(), 'cli-claims-auth-'));
    // Distribution's htpasswd accepts only bcrypt lines (bcryptjs is the oci package's test dependency).

    const bcrypt: { hashSync(p: string, rounds: number): string } = require('bcryptjs');
    writeFileSync(path.join(work, 'htpasswd'), `${USER}:${bcrypt.hashSync(PASSWORD, 5)}\n`, { mode: 0o600 });
    reg = await startLocalRegistry({ htpasswd: path.join(work, 'htpasswd') });
    ref = `${reg.url}/private/echo:1.0.0`;
    writeFileSync(path.join(work, 'echo.wat'), '(module)');
    execFileSync('wat2wasm', [path.join(work, 'echo.wat'), '-o', path.join(work, 'echo.wasm')]);
    writeFileSync(
      path.join(work, 'echo_s.wasm'),
      await signActor(readFileSync(path.join(work, 'echo.wasm')), { issuer: account, subject: KeyPair.create('module'), name: 'private' }),
    );
    await pushArtifact({
      reference: ref,
      file: path.join(work, 'echo_s.wasm'),
      insecure: true,
      credentials: { username: USER, password: PASSWORD },
      env: { HOME: work },
    });
  }, 60_000);
  afterAll(async () => {
    await reg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const inspect = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const io = captureIo({ cwd: work, env: { TMPDIR: work, HOME: work, ...env } });
    const code = await run(['claims', 'inspect', ref, '--insecure', '-o', 'json', ...args], io);
    expect([...io.stdout, ...io.stderr].join('\n')).not.toContain(PASSWORD);
    return { code, io };
  };

  it('logs in with -u/-p, with WASH_REG_USER/WASH_REG_PASSWORD, or with -u plus WASH_REG_PASSWORD', async () => {
    for (const [args, env] of [
      [['-u', USER, '-p', PASSWORD], {}],
      [[], { WASH_REG_USER: USER, WASH_REG_PASSWORD: PASSWORD }],
      [['--user', USER], { WASH_REG_PASSWORD: PASSWORD }],
    ] as [string[], NodeJS.ProcessEnv][]) {
      const { code, io } = await inspect(args, env);
      expect(io.stderr).toEqual([]);
      expect(code).toBe(0);
      expect(JSON.parse(io.stdout.join(''))).toMatchObject({ name: 'private', account: account.publicKey });
    }
  });

  it('fails with one line and exit 1 without credentials or with a wrong password, never printing it', async () => {
    const anonymous = await inspect([]);
    expect(anonymous.code).toBe(1);
    expect(anonymous.io.stderr).toEqual([
      expect.stringMatching(new RegExp(`^error: authentication required by ${reg.url.replace(/\./g, '\\.')}: log in with -u/--user`)),
    ]);
    const wrong = await inspect(['-u', USER, '-p', 'not-the-password']);
    expect(wrong.code).toBe(1);
    expect(wrong.io.stderr).toHaveLength(1);
    expect(wrong.io.stderr[0]).toMatch(new RegExp(`rejected the credentials .* for user '${USER}'`));
    expect(wrong.io.stderr[0]).not.toContain('not-the-password');
  });
});
