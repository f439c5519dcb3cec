import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLocalRegistry, LocalRegistry } from './local-registry';
import { pushArtifact } from './push';
import { pullArtifact } from './pull';
import { signedActor, tempDir } from './test-support/fixtures';
import { makeSigningCert, makeTestCa, TestCa } from './test-support/tls';
import { makeHtpasswd } from './test-support/htpasswd';
import { startTokenServer, TokenServer } from './test-support/token-server';
import { skopeo } from './test-support/skopeo';

const sha256 = (b: Buffer | string) => 'sha256:' + createHash('sha256').update(b).digest('hex');
const USER = 'alice';
const PASSWORD = 'correct-horse-battery';

describe('registries over TLS and with authentication', () => {
  const dir = tempDir();
  let ca: TestCa;
  let actor: string;
  let tlsReg: LocalRegistry;
  let authReg: LocalRegistry;
  let tokenReg: LocalRegistry;
  let tlsTokenReg: LocalRegistry;
  let tokens: TokenServer;

  beforeAll(async () => {
    ca = makeTestCa();
    actor = await signedActor(dir);
    const tls = { certFile: ca.serverCert, keyFile: ca.serverKey };
    const signing = makeSigningCert();
    tokens = await startTokenServer(signing, { [USER]: PASSWORD, reader: 'read-only-pw:ro' });
    [tlsReg, authReg, tokenReg, tlsTokenReg] = await Promise.all([
      startLocalRegistry({ tls }),
      startLocalRegistry({ tls, htpasswd: makeHtpasswd(USER, PASSWORD) }),
      startLocalRegistry({ tokenAuth: { realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootCertBundle: signing.cert } }),
      // An https registry whose token realm is plain http: the password would cross the network in clear.
      startLocalRegistry({ tls, tokenAuth: { realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootCertBundle: signing.cert } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([tlsReg?.stop(), authReg?.stop(), tokenReg?.stop(), tlsTokenReg?.stop(), tokens?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  describe('TLS with a self-signed CA', () => {
    it('pushes and pulls when the CA file is given; skopeo with the same CA sees the same digest', async () => {
      const pushed = await pushArtifact({ reference: `${tlsReg.url}/secure/echo:1.0.0`, file: actor, caFile: ca.caCert, env: {} });
      const raw = skopeo(['inspect', '--raw', '--cert-dir', ca.certDir, `docker://${tlsReg.url}/secure/echo:1.0.0`]);
      expect(sha256(raw)).toBe(pushed.digest);
      const pulled = await pullArtifact({ reference: `${tlsReg.url}/secure/echo:1.0.0`, caFile: ca.caCert, env: {}, cwd: tempDir() });
      expect(readFileSync(pulled.file).equals(readFileSync(actor))).toBe(true);
    });

    it('says so when --insecure (plain HTTP) is used against a TLS registry', async () => {
      await expect(pushArtifact({ reference: `${tlsReg.url}/secure/echo:1.0.2`, file: actor, insecure: true, env: {} })).rejects.toThrow(
        /serves HTTPS, not plain HTTP: drop --insecure/,
      );
    });

    it('refuses an untrusted certificate at once, saying how to trust it', async () => {
      await expect(pushArtifact({ reference: `${tlsReg.url}/secure/echo:1.0.1`, file: actor, env: {} })).rejects.toThrow(
        new RegExp(`TLS certificate of ${tlsReg.url.replace(/\./g, '\\.')} is not trusted .*--ca-file`),
      );
    });
  });

  describe('htpasswd Basic auth over TLS', () => {
    const base = () => ({ caFile: ca.caCert });

    it('without credentials, fails with a 401 message that says how to log in', async () => {
      const err = await pushArtifact({ reference: `${authReg.url}/private/echo:1.0.0`, file: actor, ...base(), env: { HOME: tempDir() } }).catch((e) => e);
      expect(err.isUserError).toBe(true);
      expect(err.message).toBe(
        `authentication required by ${authReg.url}: log in with -u/--user and -p/--password (or --password-stdin), set WASH_REG_USER and WASH_REG_PASSWORD, or run 'docker login ${authReg.url}'`,
      );
    });

    it('says the credentials were rejected, naming their source and user but never the password', async () => {
      const lines: string[] = [];
      const err = await pushArtifact({
        reference: `${authReg.url}/private/echo:1.0.0`,
        file: actor,
        ...base(),
        env: { HOME: tempDir() },
        credentials: { username: USER, password: 'wrong-password-xyz' },
        debug: (l) => lines.push(l),
      }).catch((e) => e);
      expect(err.message).toMatch(new RegExp(`rejected the credentials from the --user/--password options for user '${USER}'`));
      expect(err.message + lines.join('\n')).not.toMatch(/wrong-password-xyz|authorization|Basic /i);
    });

    it('pushes with WASH_REG_USER/WASH_REG_PASSWORD and pulls with docker config auths; debug output holds no secret', async () => {
      const lines: string[] = [];
      const pushed = await pushArtifact({
        reference: `${authReg.url}/private/echo:1.0.0`,
        file: actor,
        ...base(),
        env: { WASH_REG_USER: USER, WASH_REG_PASSWORD: PASSWORD, HOME: tempDir() },
        debug: (l) => lines.push(l),
      });
      expect(lines.some((l) => l.includes('/v2/private/echo/manifests/1.0.0 -> 201'))).toBe(true);
      const basic = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
      expect(lines.join('\n')).not.toMatch(new RegExp(`${PASSWORD}|${basic}|authorization`, 'i'));

      const home = tempDir();
      mkdirSync(join(home, '.docker'));
      writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ auths: { [`https://${authReg.url}`]: { auth: basic } } }));
      const pulled = await pullArtifact({
        reference: `${authReg.url}/private/echo:1.0.0`,
        ...base(),
        env: { HOME: home },
        cwd: tempDir(),
        digest: pushed.digest,
      });
      expect(readFileSync(pulled.file).equals(readFileSync(actor))).toBe(true);
      const raw = skopeo(['inspect', '--raw', '--cert-dir', ca.certDir, '--creds', `${USER}:${PASSWORD}`, `docker://${authReg.url}/private/echo:1.0.0`]);
      expect(sha256(raw)).toBe(pushed.digest);
    });
  });

  describe('Bearer token flow (WWW-Authenticate → token service → JWT the registry verifies)', () => {
    it('gets a push token with credentials and an anonymous pull token without', async () => {
      tokens.requests.length = 0;
      const pushed = await pushArtifact({
        reference: `${tokenReg.url}/tok/echo:1.0.0`,
        file: actor,
        insecure: true,
        env: { HOME: tempDir() },
        credentials: { username: USER, password: PASSWORD },
      });
      expect(tokens.requests[0]).toEqual({ scopes: ['repository:tok/echo:pull,push'], user: USER });
      const pulled = await pullArtifact({ reference: `${tokenReg.url}/tok/echo:1.0.0`, insecure: true, env: { HOME: tempDir() }, cwd: tempDir() });
      expect(pulled.digest).toBe(pushed.digest);
      expect(tokens.requests.at(-1)).toEqual({ scopes: ['repository:tok/echo:pull'], user: undefined });
    });

    it('fails a push without credentials with the login hint (anonymous tokens grant pull only)', async () => {
      await expect(pushArtifact({ reference: `${tokenReg.url}/tok/echo:2.0.0`, file: actor, insecure: true, env: { HOME: tempDir() } })).rejects.toThrow(
        /authentication required by .*docker login/,
      );
    });

    it('tells valid credentials without push permission apart from wrong ones', async () => {
      // The registry's challenge names the actions in its own order, which differs between requests.
      await expect(
        pushArtifact({
          reference: `${tokenReg.url}/tok/echo:3.0.0`,
          file: actor,
          insecure: true,
          env: { HOME: tempDir() },
          credentials: { username: 'reader', password: 'read-only-pw' },
        }),
      ).rejects.toThrow(
        /denied the request \(repository:tok\/echo:(pull,push|push,pull)\) for user 'reader': the credentials from the --user\/--password options are valid but lack permission/,
      );
    });

    it('refuses a token realm over plain http for an https registry, before sending it anything', async () => {
      tokens.requests.length = 0;
      const err = await pushArtifact({
        reference: `${tlsTokenReg.url}/tok/echo:1.0.0`,
        file: actor,
        caFile: ca.caCert,
        env: { HOME: tempDir() },
        credentials: { username: USER, password: PASSWORD },
      }).catch((e: Error) => e);
      expect(err).toMatchObject({ name: 'AuthError', isUserError: true });
      expect((err as Error).message).toBe(
        `${tlsTokenReg.url} sent its token service realm ${tokens.realm} over plain http, which would expose the credentials: refused; a local test registry may be allowed plain http with --insecure or WASMCLOUD_OCI_ALLOWED_INSECURE=${tlsTokenReg.url}, otherwise its token service must use https`,
      );
      expect(tokens.requests).toEqual([]);
    });

    it('says the token service rejected wrong credentials', async () => {
      await expect(
        pushArtifact({
          reference: `${tokenReg.url}/tok/echo:2.0.0`,
          file: actor,
          insecure: true,
          env: { HOME: tempDir() },
          credentials: { username: USER, password: 'nope' },
        }),
      ).rejects.toThrow(/rejected the credentials/);
    });
  });
});
