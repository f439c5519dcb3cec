import { rmSync } from 'node:fs';
import { pullArtifact } from './pull';
import { pushArtifact } from './push';
import { signedActor, tempDir } from './test-support/fixtures';
import { bearerChallenge, HostileServer, manifestFor, redirect, sendManifest, sha256, startHostileRegistry } from './test-support/hostile-registry';

// Each of these used to end in a Node internal error (TypeError, ERR_INVALID_*), not a user error.
describe('network oddities end in one-line user errors', () => {
  const dir = tempDir();
  const servers: HostileServer[] = [];
  let actor: string;
  const retry = { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 };
  beforeAll(async () => {
    actor = await signedActor(dir);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  });
  async function server(handler: Parameters<typeof startHostileRegistry>[0]): Promise<HostileServer> {
    const s = await startHostileRegistry(handler);
    servers.push(s);
    return s;
  }
  async function userError(p: Promise<unknown>): Promise<string> {
    const err = (await p.then(
      () => undefined,
      (e: unknown) => e,
    )) as { isUserError?: boolean; message: string } | undefined;
    expect(err).toBeDefined();
    expect(err!.isUserError).toBe(true);
    expect(err!.message).not.toMatch(/[\r\n]/);
    return err!.message;
  }

  it.each(['file:///etc/passwd', 'ftp://127.0.0.1/blob'])('a blob redirect to %s', async (target) => {
    const manifest = manifestFor({ digest: sha256('x'), size: 1 });
    const reg = await server((req, res) => {
      if (/\/manifests\//.test(req.url ?? '')) return (void sendManifest(res, manifest), true);
      if (/\/blobs\//.test(req.url ?? '')) return (void redirect(res, target), true);
      return false;
    });
    expect(await userError(pullArtifact({ reference: `${reg.host}/a/b:1.0.0`, insecure: true, env: {}, cwd: tempDir(), retry }))).toBe(
      `${reg.host} sent a blob redirect with scheme '${new URL(target).protocol}' (only http and https are followed)`,
    );
  });

  it('an upload Location on file:', async () => {
    const reg = await server((req, res) => {
      if (req.method === 'POST') return (void (req.resume(), res.writeHead(202, { location: 'file:///tmp/x' }).end()), true);
      return false;
    });
    expect(await userError(pushArtifact({ reference: `${reg.host}/a/b:1.0.0`, file: actor, insecure: true, env: {}, digestCache: false, retry }))).toBe(
      `${reg.host} sent an upload Location with scheme 'file:' (only http and https are followed)`,
    );
  });

  it('a token with a CRLF in it', async () => {
    const reg = await server((req, res, self) => {
      req.resume();
      if (req.url?.startsWith('/token'))
        return (void res.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"abc\\r\\nX-Injected: 1"}'), true);
      if (!req.headers.authorization) return (void bearerChallenge(res, `${self.origin}/token`), true);
      return false;
    });
    expect(await userError(pullArtifact({ reference: `${reg.host}/a/b:1.0.0`, insecure: true, env: {}, cwd: tempDir(), retry }))).toBe(
      `token service ${reg.host} answered with a token that is not a valid header value`,
    );
  });

  it('an unknown host', async () => {
    const message = await userError(pullArtifact({ reference: 'no-such-host.invalid/a/b:1.0.0', insecure: true, env: {}, cwd: tempDir(), retry }));
    // Without a resolver the lookup fails as "try again" (retried, then given up) instead of "not found".
    expect(message).toMatch(
      /^(cannot resolve the registry host 'no-such-host\.invalid' \(DNS: not found\): check the reference|GET http:\/\/no-such-host\.invalid\/v2\/ failed after 2 attempts: .*EAI_AGAIN.*)$/,
    );
  });

  it('port 99999999', async () => {
    expect(await userError(pullArtifact({ reference: '127.0.0.1:99999999/a/b:1.0.0', insecure: true, env: {}, cwd: tempDir(), retry }))).toBe(
      "invalid port '99999999' in '127.0.0.1:99999999/a/b:1.0.0': a port is 1 to 65535",
    );
  });

  it('a malformed HTTP response', async () => {
    const reg = await server((req, res) => {
      req.socket.write('HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n');
      req.socket.destroySoon();
      void res;
      return true;
    });
    expect(await userError(pullArtifact({ reference: `${reg.host}/a/b:1.0.0`, insecure: true, env: {}, cwd: tempDir(), retry }))).toMatch(
      new RegExp(`^${reg.host} sent a malformed HTTP response \\(HPE_`),
    );
  });
});
