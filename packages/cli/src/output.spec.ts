import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { customSection, KeyPair, signClaimsJson } from '@nx-wasmcloud/wascap';
import { createPar } from '@nx-wasmcloud/par';
import { run } from './program';
import { escapeControl, escapeErrorLine, stderrRedactor } from './output';
import { captureIo } from './test-support';
import { hostileText as hostile, UNSAFE_IN_TERMINAL as UNSAFE } from '../../wascap/src/test-support/hostile-text';

describe('stderrRedactor and commander', () => {
  it('removes a seed-like value commander quotes back as an unknown option, keeps ordinary ones', async () => {
    const seed = KeyPair.create('module').seed;
    const io = captureIo();
    expect(await run(['keys', 'get', `-${seed.slice(0, 4)} ${seed.slice(4)}`], io)).toBe(2);
    expect(io.stderr.join('\n')).toContain("unknown option '[redacted]'");
    expect(io.stderr.join('\n')).not.toContain(seed.slice(4, 24));
    const plain = captureIo();
    expect(await run(['keys', 'get', '--colour'], plain)).toBe(2);
    expect(plain.stderr.join('\n')).toContain("unknown option '--colour'");
  });
});

describe('escapeErrorLine', () => {
  it('escapes controls but leaves backslashes, which messages quote literally', () => {
    expect(escapeErrorLine('the \\0asm magic\n')).toBe('the \\0asm magic\\n');
  });
});

describe('claims inspect and par inspect with hostile claims', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cli-hostile-'));
    writeFileSync(path.join(dir, 'prov.bin'), 'provider binary');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const issuer = KeyPair.create('account');
  const service = KeyPair.create('service');
  const header = Buffer.from('0061736d01000000', 'hex');

  it('property: claims inspect prints exactly its own lines, with every untrusted value escaped', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostile,
        hostile,
        fc.array(hostile, { maxLength: 3 }),
        fc.array(hostile, { maxLength: 3 }),
        hostile,
        hostile,
        async (name, sub, tags, caps, ver, alias) => {
          // A signer can put anything into a validly signed token; only wash's own signing sanitizes.
          const claims = {
            jti: 'hostile',
            iat: 1700000000,
            iss: issuer.publicKey,
            sub: `M${sub}`,
            wascap: { name, hash: createHash('sha256').update(header).digest('hex').toUpperCase(), tags, caps, rev: 1, ver, call_alias: alias, prov: false },
            wascap_revision: 3,
          };
          const jwt = await signClaimsJson(JSON.stringify(claims), issuer);
          writeFileSync(path.join(dir, 'h.wasm'), Buffer.concat([header, customSection('wasmcloud_jwt', new TextEncoder().encode(jwt))]));
          const io = captureIo({ cwd: dir, env: {} });
          expect(await run(['claims', 'inspect', 'h.wasm'], io)).toBe(0);
          const lines = io.stdout.join('\n').split('\n');
          expect(lines).toHaveLength(1 + 9 + 1 + Math.max(1, caps.length) + 1 + Math.max(1, tags.length));
          for (const line of lines) expect(line).not.toMatch(UNSAFE);
          expect(lines[0]).toBe(`${escapeControl(name)} - Module`);
          const json = captureIo({ cwd: dir, env: {} });
          expect(await run(['claims', 'inspect', 'h.wasm', '-o', 'json'], json)).toBe(0);
          expect(JSON.parse(json.stdout.join('')).name).toBe(name);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('property: par inspect prints exactly its own lines, with every untrusted value escaped', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, hostile, async (name, capid, vendor, ver) => {
        const destination = path.join(dir, 'h.par');
        rmSync(destination, { force: true });
        await createPar({
          binaries: [{ target: 'x86_64-linux', path: path.join(dir, 'prov.bin') }],
          name: `n${name}`,
          capid: `c${capid}`,
          vendor: `v${vendor}`,
          ver,
          issuer,
          subject: service,
          destination,
        });
        const io = captureIo({ cwd: dir, env: {} });
        expect(await run(['par', 'inspect', 'h.par'], io)).toBe(0);
        const lines = io.stdout.join('\n').split('\n');
        expect(lines).toHaveLength(1 + 7 + 1 + 1);
        for (const line of lines) expect(line).not.toMatch(UNSAFE);
        expect(lines[0]).toBe(`${escapeControl(`n${name}`)} - Provider Archive`);
      }),
      { numRuns: 40 },
    );
  });

  it('an error line quoting untrusted text stays one escaped line', async () => {
    const io = captureIo({ cwd: dir, env: {} });
    expect(await run(['claims', 'inspect', 'no\nsuch\x1b[2J.wasm'], io)).toBe(1);
    expect(io.stderr).toEqual(["error: cannot read 'no\\nsuch\\x1b[2J.wasm': no such file"]);
  });
});

describe('stderrRedactor', () => {
  const seed = KeyPair.create('account').seed;

  it('removes canonical seeds and long secret env values, keeps key file paths and short words', () => {
    const redact = stderrRedactor({ WASH_ISSUER_KEY: ` ${seed}Q `, WASH_SUBJECT_KEY: 'keys/echo_module.nk', WASH_REG_PASSWORD: 'hunter2-hunter2' });
    expect(redact(`a ${seed} b`)).toBe('a [redacted] b');
    expect(redact(`got '${seed}Q'`)).toBe("got '[redacted]'");
    expect(redact('login failed for hunter2-hunter2')).toBe('login failed for [redacted]');
    expect(redact('key file keys/echo_module.nk is bad')).toBe('key file keys/echo_module.nk is bad');
    expect(stderrRedactor({ WASH_REG_PASSWORD: 'pass' })('a password')).toBe('a password');
  });

  it('guards what commander quotes back: a seed typed as a command, option or number', async () => {
    for (const argv of [[seed], ['claims', 'sign', 'x.wasm', `--isuer=${seed}`], ['keys', 'gen', seed], ['claims', 'inspect', 'x', '-o', seed]]) {
      const io = captureIo({ env: { WASH_KEYS: '/nonexistent-keys' } });
      expect(await run(argv, io)).toBe(2);
      expect([...io.stdout, ...io.stderr].join('\n')).not.toContain(seed.slice(0, 20));
    }
  });
});
