import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { extractClaims, KeyPair, parseWasm, verifyActor } from '@nx-wasmcloud/wascap';
import { run } from '../program';
import { captureIo } from '../test-support';

// Public test seeds from wash's own claims tests (formats.md 6.4).
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
      ['claims', 'sign', 'echo.wasm', '-n', 'echo', '-k', '-q', '-c', 'example:thing', '-t', 'a', '-t', 'b', '-r', '3', '-v', '1.2.3', '-a', 'my/echo', '-i', ISSUER, '-s', SUBJECT],
      io,
    );
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    const dest = path.join(dir, 'echo_s.wasm');
    expect(io.stdout).toEqual([`Successfully signed ${dest} with capabilities: wasmcloud:keyvalue,wasmcloud:httpserver,example:thing`]);
    expect(readFileSync(wasmPath)).toEqual(before);
    const token = verifyActor(readFileSync(dest));
    expect(token.claims.iss).toBe(ISSUER_PUB);
    expect(token.claims.sub).toBe(SUBJECT_PUB);
    expect(token.claims.wascap).toEqual({
      name: 'echo',
      hash: createHash('sha256').update(before).digest('hex').toUpperCase(),
      tags: ['a', 'b'],
      caps: ['wasmcloud:keyvalue', 'wasmcloud:httpserver', 'example:thing'],
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
    expect(io2.stderr.join('\n')).toMatch(/neither an existing file nor a valid seed/);
    expect(io2.stderr.join('\n')).not.toContain(badSeed.slice(5, 40));
    const io3 = captureIo({ cwd: dir, env: {} });
    expect(await run(['claims', 'sign', 'echo.wasm', '-i', ISSUER, '-s', SUBJECT, '-r', 'x'], io3)).toBe(2);
  });
});

describe('claims inspect', () => {
  it('prints wash JSON keys plus name, hash, issued and wascap_revision', async () => {
    const env = { SOURCE_DATE_EPOCH: '1700000000' };
    expect(await run(['claims', 'sign', 'echo.wasm', '-n', 'echo', '-g', '-v', '0.1.0', '-r', '1', '-x', '36500', '-i', ISSUER, '-s', SUBJECT], captureIo({ cwd: dir, env }))).toBe(0);
    const io = captureIo({ cwd: dir, env: {} });
    expect(await run(['claims', 'inspect', 'echo_s.wasm', '-o', 'json'], io)).toBe(0);
    const out = JSON.parse(io.stdout.join(''));
    expect(out).toMatchObject({
      account: ISSUER_PUB,
      module: SUBJECT_PUB,
      can_be_used: 'immediately',
      version: '0.1.0',
      revision: 1,
      capabilities: ['wasmcloud:messaging'],
      tags: [],
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
