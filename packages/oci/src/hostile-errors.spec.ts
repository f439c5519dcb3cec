import { rmSync } from 'node:fs';
import { pushArtifact } from './push';
import { signedActor, tempDir } from './test-support/fixtures';
import { errorBody, HostileServer, startHostileRegistry } from './test-support/hostile-registry';

// A registry's error body is shown as its distribution error code and message only: one line,
// control characters escaped, anything shaped like a credential removed.
describe('registry error bodies', () => {
  const dir = tempDir();
  const servers: HostileServer[] = [];
  let actor: string;
  const USER = 'bob';
  const PASSWORD = 'pw-77a1b2c3d4';
  const basic = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
  const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLWJ5dGVz';

  beforeAll(async () => {
    actor = await signedActor(dir);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  /** A Basic-auth registry that answers the manifest PUT with `status` and a body echoing the request's credentials. */
  async function echoing(status: number): Promise<HostileServer> {
    const s = await startHostileRegistry((req, res) => {
      if (req.headers.authorization !== basic) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="x"' }).end();
        return true;
      }
      if (req.method === 'PUT' && /\/manifests\//.test(req.url ?? '')) {
        req.resume();
        const message = `invalid manifest\n\u001b[2K\rerror: fake second line; you sent authorization: ${req.headers.authorization} password=${PASSWORD} ${jwt}`;
        errorBody(res, status, { errors: [{ code: 'MANIFEST_INVALID', message, detail: `raw ${PASSWORD}` }] });
        return true;
      }
      return false;
    });
    servers.push(s);
    return s;
  }

  function check(err: Error): void {
    expect((err as { isUserError?: boolean }).isUserError).toBe(true);
    expect(err.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    for (const secret of [PASSWORD, basic.slice(6), jwt, 'eyJ']) expect(err.message).not.toContain(secret);
  }

  it('a refusal (400) shows status, code and message on one line, escaped, without credentials', async () => {
    const reg = await echoing(400);
    const err = await pushArtifact({
      reference: `${reg.host}/e/echo:1.0.0`,
      file: actor,
      insecure: true,
      credentials: { username: USER, password: PASSWORD },
      env: {},
      digestCache: false,
    }).catch((e: Error) => e);
    check(err as Error);
    expect((err as Error).message).toBe(
      `PUT manifest e/echo:1.0.0: ${reg.host} answered 400: MANIFEST_INVALID: invalid manifest\\n\\x1b[2K\\rerror: fake second line; you sent authorization: Basic [redacted] password=[redacted] [redacted] (raw [redacted])`,
    );
  });

  it('a server error (500, retried) ends the same way', async () => {
    const reg = await echoing(500);
    const err = await pushArtifact({
      reference: `${reg.host}/e/echo:1.0.0`,
      file: actor,
      insecure: true,
      credentials: { username: USER, password: PASSWORD },
      env: {},
      digestCache: false,
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    }).catch((e: Error) => e);
    check(err as Error);
    expect((err as Error).message).toMatch(
      /^PUT manifest .* failed after 2 attempts: PUT manifest: registry answered 500 \(MANIFEST_INVALID: invalid manifest\\n/,
    );
  });

  it('a body that is not distribution JSON shows only the status', async () => {
    const s = await startHostileRegistry((req, res) => {
      if (req.method === 'PUT' && /\/manifests\//.test(req.url ?? '')) {
        req.resume();
        res.writeHead(403, { 'content-type': 'text/html' }).end(`<h1>Forbidden</h1>\n\u001b]0;owned\u0007 ${basic}`);
        return true;
      }
      return false;
    });
    servers.push(s);
    const err = await pushArtifact({ reference: `${s.host}/e/echo:1.0.0`, file: actor, insecure: true, env: {}, digestCache: false }).catch((e: Error) => e);
    check(err as Error);
    expect((err as Error).message).toBe(`PUT manifest e/echo:1.0.0: ${s.host} denied access (403)`);
  });
});
