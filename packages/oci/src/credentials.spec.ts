import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normaliseConfigKey, resolveCredentials } from './credentials';
import { tempDir } from './test-support/fixtures';

function home(config: unknown): { HOME: string; PATH: string } {
  const dir = tempDir();
  mkdirSync(join(dir, '.docker'));
  writeFileSync(join(dir, '.docker', 'config.json'), JSON.stringify(config));
  return { HOME: dir, PATH: process.env.PATH ?? '' };
}

/** A real docker-credential-* program speaking the helper protocol, written as a shell script. */
function helper(name: string, script: string): string {
  const bin = tempDir();
  const file = join(bin, `docker-credential-${name}`);
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return bin;
}

describe('resolveCredentials', () => {
  it('prefers explicit user+password, then WASH_REG_USER/WASH_REG_PASSWORD (both needed)', async () => {
    const env = { WASH_REG_USER: 'eu', WASH_REG_PASSWORD: 'ep', HOME: tempDir() };
    expect(await resolveCredentials('r.io', { username: 'u', password: 'p', env })).toMatchObject({ username: 'u', password: 'p' });
    expect(await resolveCredentials('r.io', { username: 'u', env })).toMatchObject({
      username: 'eu',
      password: 'ep',
      source: 'WASH_REG_USER/WASH_REG_PASSWORD',
    });
    expect(await resolveCredentials('r.io', { env: { WASH_REG_USER: 'only', HOME: tempDir() } })).toBeUndefined();
  });

  it('reads docker config auths (base64 user:password, identitytoken), matching keys by host', async () => {
    const env = home({
      auths: {
        'https://reg.example.com/v1/': { auth: Buffer.from('alice:pa:ss').toString('base64') },
        'tok.example.com': { identitytoken: 'refresh-me' },
        'https://index.docker.io/v1/': { auth: Buffer.from('hub:pw').toString('base64') },
      },
    });
    expect(await resolveCredentials('reg.example.com', { env })).toMatchObject({ username: 'alice', password: 'pa:ss' });
    expect(await resolveCredentials('tok.example.com', { env })).toMatchObject({ identityToken: 'refresh-me' });
    expect(await resolveCredentials('docker.io', { env })).toMatchObject({ username: 'hub', password: 'pw' });
    expect(await resolveCredentials('other.io', { env })).toBeUndefined();
  });

  it('runs credHelpers and credsStore programs with the server URL on stdin', async () => {
    const bin = helper(
      'fake',
      'read url; if [ "$1" = get ] && [ "$url" = reg.example.com ]; then echo \'{"ServerURL":"reg.example.com","Username":"bob","Secret":"s3"}\'; else echo "credentials not found in native keychain"; exit 1; fi',
    );
    const env = { ...home({ credHelpers: { 'reg.example.com': 'fake' }, credsStore: 'fake' }), PATH: `${bin}:${process.env.PATH}` };
    expect(await resolveCredentials('reg.example.com', { env })).toMatchObject({
      username: 'bob',
      password: 's3',
      source: "docker credential helper 'docker-credential-fake'",
    });
    // credsStore answers "not found" for other hosts: anonymous, not an error.
    expect(await resolveCredentials('other.io', { env })).toBeUndefined();
  });

  it('reports a missing helper program and never echoes a helper secret', async () => {
    const env = home({ credHelpers: { 'reg.example.com': 'absent' } });
    await expect(resolveCredentials('reg.example.com', { env })).rejects.toThrow(/docker-credential-absent' .* is not on PATH/);
    const bin = helper('broken', 'echo "SECRET-VALUE"; exit 3');
    const env2 = { ...home({ credHelpers: { 'reg.example.com': 'broken' } }), PATH: `${bin}:${process.env.PATH}` };
    const err = await resolveCredentials('reg.example.com', { env: env2 }).catch((e) => e);
    expect(err.message).toMatch(/exited with code 3/);
    expect(err.message).not.toMatch(/SECRET/);
  });

  it('reports a docker config that is not JSON without quoting its secrets', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.docker'));
    const file = join(dir, '.docker', 'config.json');
    // An unquoted value makes V8 quote the text around it in its parse error.
    writeFileSync(file, '{"auths":{"r.io":{"password": hunter2secret}}}');
    const err = await resolveCredentials('r.io', { env: { HOME: dir, PATH: '' } }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toBe(`docker config ${file} is not valid JSON: fix or remove it`);
    expect(err?.message).not.toContain('hunter2');
  });

  it('normalises docker config keys', () => {
    expect(normaliseConfigKey('https://index.docker.io/v1/')).toBe('docker.io');
    expect(normaliseConfigKey('http://LOCALHOST:5000')).toBe('localhost:5000');
  });
});
