import { extractClaims, KeyPair } from '@nx-wasmcloud/wascap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { captureOutput, executorContext } from '../../test-support/executor-context';
import { HELLO_TOML, tempTree } from '../../test-support/files';
import { writeActorWasm } from '../../test-support/wasm';
import signExecutor from './executor';

describe('sign executor', () => {
  const ws = tempTree({
    'hello/wasmcloud.toml': `${HELLO_TOML}call_alias = "hello/world"\ntags = ["edge"]\n`.replace('version = "0.1.0"', 'version = "0.3.1"\nrevision = 7'),
  });
  const keys = join(ws.root, 'keys');
  const saved = { ...process.env };
  beforeAll(() => writeActorWasm(join(ws.root, 'hello/build/hello.wasm')));
  beforeEach(() => {
    process.env.WASH_KEYS = keys;
    delete process.env.WASH_ISSUER_KEY;
    delete process.env.WASH_SUBJECT_KEY;
    delete process.env.SOURCE_DATE_EPOCH;
  });
  afterAll(() => {
    process.env = saved;
    ws.cleanup();
  });

  const sign = async (options = {}) => {
    const out = captureOutput();
    const result = await signExecutor(options, executorContext(ws.root, 'hello', 'hello', 'sign')).finally(out.restore);
    return { result, output: out.text() };
  };

  it('embeds the claims of wasmcloud.toml, generating wash-named keys (0600 in a 0700 dir)', async () => {
    const { result, output } = await sign();
    expect(result).toEqual({ success: true });
    const token = extractClaims(readFileSync(join(ws.root, 'hello/build/hello_s.wasm')))!;
    expect(token.claims.wascap).toMatchObject({
      name: 'hello',
      caps: ['wasmcloud:httpserver', 'example:interfaces:factorial'],
      ver: '0.3.1',
      rev: 7,
      call_alias: 'hello/world',
      tags: ['edge'],
    });
    expect(readdirSync(keys).sort()).toEqual(['hello_module.nk', `${process.env.USER || 'user'}_account.nk`].sort());
    expect(statSync(keys).mode & 0o777).toBe(0o700);
    expect(statSync(join(keys, 'hello_module.nk')).mode & 0o777).toBe(0o600);
    const subject = KeyPair.fromSeed(readFileSync(join(keys, 'hello_module.nk'), 'utf8').trim());
    expect(token.claims.sub).toBe(subject.publicKey);
    expect(output).toContain(`module ${subject.publicKey}`);
    expect(output).not.toContain(subject.seed);
  });

  it('is byte-reproducible under SOURCE_DATE_EPOCH and changes with it', async () => {
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    await sign();
    const a = readFileSync(join(ws.root, 'hello/build/hello_s.wasm'));
    await sign();
    expect(readFileSync(join(ws.root, 'hello/build/hello_s.wasm'))).toEqual(a);
    expect(extractClaims(a)!.claims.iat).toBe(1700000000);
    process.env.SOURCE_DATE_EPOCH = '1700000001';
    await sign();
    expect(readFileSync(join(ws.root, 'hello/build/hello_s.wasm'))).not.toEqual(a);
  });

  it('takes literal seeds from WASH_ISSUER_KEY / WASH_SUBJECT_KEY without printing them', async () => {
    const issuer = KeyPair.create('account');
    const subject = KeyPair.create('module');
    process.env.WASH_ISSUER_KEY = issuer.seed;
    process.env.WASH_SUBJECT_KEY = subject.seed;
    const { result, output } = await sign();
    expect(result.success).toBe(true);
    const claims = extractClaims(readFileSync(join(ws.root, 'hello/build/hello_s.wasm')))!.claims;
    expect([claims.iss, claims.sub]).toEqual([issuer.publicKey, subject.publicKey]);
    expect(output).not.toContain(issuer.seed);
    expect(output).not.toContain(subject.seed);
  });

  it('fails in one line when the unsigned module is missing', async () => {
    ws.write({ 'other/wasmcloud.toml': HELLO_TOML.replace('"hello"', '"other"') });
    const out = captureOutput();
    const result = await signExecutor({}, executorContext(ws.root, 'other', 'other', 'sign')).finally(out.restore);
    expect(result).toEqual({ success: false });
    expect(out.text().trim().split('\n')).toHaveLength(1);
    expect(out.text()).toMatch(/^error: other\/build\/other\.wasm does not exist: run the build target first$/m);
  });
});
