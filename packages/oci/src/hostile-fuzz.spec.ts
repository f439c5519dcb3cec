import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { InvalidReferenceError } from './errors';
import { pullArtifact } from './pull';
import { pushArtifact } from './push';
import { parseReference } from './reference';
import { signedActor, tempDir } from './test-support/fixtures';
import { HostileServer, manifestFor, sendManifest, sha256, startHostileRegistry } from './test-support/hostile-registry';

// Whatever a registry answers, push and pull end in success or in the package's one-line user
// error: never a TypeError, a Node internal error, a stack, or a control character in the message.
describe('fuzz: hostile registry answers', () => {
  const dir = tempDir();
  let actor: string;
  let server: HostileServer;
  let plan: (Answer | null)[] = [];
  let n = 0;

  interface Answer {
    status: number;
    headers: Record<string, string>;
    body: Buffer | 'endless';
  }

  beforeAll(async () => {
    actor = await signedActor(dir);
    server = await startHostileRegistry((req, res) => {
      // The ping is answered plainly, so the run reaches the requests where the lies matter.
      if (req.url === '/v2/') return false;
      const a = plan[n++ % plan.length];
      req.resume();
      // No lie for this request: answer as a registry holding the artifact would.
      if (a === null) {
        if (req.method === 'GET' && /\/manifests\//.test(req.url ?? '')) return (void sendManifest(res, manifestFor(layer)), true);
        if (req.method === 'GET' && /\/blobs\//.test(req.url ?? '')) return (void res.writeHead(200).end(content), true);
        return false;
      }
      if (a.body === 'endless') {
        res.writeHead(a.status, a.headers);
        const chunk = Buffer.alloc(1 << 20, 0x7b);
        let sent = 0;
        const pump = () => {
          while (sent < 6 << 20 && !res.destroyed) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
      } else {
        res.writeHead(a.status, a.headers).end(req.method === 'HEAD' ? undefined : a.body);
      }
      return true;
    });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const content = Buffer.from('not really wasm');
  const layer = { digest: sha256(content), size: content.length };
  const origin = () => server.origin;

  const answer = (): fc.Arbitrary<Answer> =>
    fc
      .record({
        status: fc.constantFrom(200, 201, 202, 204, 301, 307, 400, 401, 403, 404, 413, 416, 429, 500),
        location: fc.option(
          fc.constantFrom(
            'file:///etc/passwd',
            'ftp://127.0.0.1/x',
            'http://[bad',
            '/v2/a/blobs/uploads/x?state=1',
            'elsewhere',
            'http://127.0.0.1:1/closed',
            'javascript:alert(1)',
            '',
            '//127.0.0.2:9/x',
            'LOCAL',
          ),
        ),
        auth: fc.option(
          fc.constantFrom(
            'Bearer realm="file:///etc/passwd"',
            'REALM',
            'Bearer realm="http://[x"',
            'Basic',
            'Negotiate abc',
            'Bearer',
            'Bearer realm=""',
            'Basic realm="x"',
          ),
        ),
        digestHeader: fc.option(fc.constantFrom('sha256:zz', 'garbage\tvalue', `sha256:${'0'.repeat(64)}`)),
        body: fc.oneof(
          fc.constantFrom(
            '',
            '{}',
            'null',
            '[]',
            '"x"',
            '{"errors":null}',
            '{"errors":[{"code":1,"message":{}},null]}',
            '{"errors":[{"code":"X","message":"a\\u001b[2J\\nb Basic dXNlcjpwYXNz"}]}',
            '{"token":"a\\r\\nb"}',
            '{"token":123}',
            '{"token":"tok","expires_in":"x"}',
            '{"schemaVersion":2,"mediaType":5}',
            '{"schemaVersion":2,"config":null,"layers":[null]}',
            'MANIFEST',
            'HUGE',
            'BADDIGEST',
            'BLOB',
          ),
          fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1')),
          fc.constant('endless'),
        ),
      })
      .map(({ status, location, auth, digestHeader, body }) => {
        const headers: Record<string, string> = {};
        if (location !== null)
          headers.location = location === 'elsewhere' ? 'http://127.0.0.1:1/x' : location === 'LOCAL' ? `${origin()}/v2/a/blobs/uploads/y` : location;
        if (auth !== null) headers['www-authenticate'] = auth === 'REALM' ? `Bearer realm="${origin()}/token",service="s"` : auth;
        if (digestHeader !== null) headers['docker-content-digest'] = digestHeader;
        const bytes =
          body === 'endless'
            ? ('endless' as const)
            : body === 'MANIFEST'
              ? manifestFor(layer)
              : body === 'HUGE'
                ? manifestFor({ digest: layer.digest, size: 2 ** 53 - 1 })
                : body === 'BADDIGEST'
                  ? manifestFor({ digest: 'sha256:../../etc/passwd', size: 3 })
                  : body === 'BLOB'
                    ? content
                    : Buffer.from(body, 'latin1');
        return { status, headers, body: bytes };
      });

  const retry = { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 };

  function isOneLineUserError(err: unknown): boolean {
    const e = err as { isUserError?: boolean; message?: string };
    return e.isUserError === true && typeof e.message === 'string' && !/[\u0000-\u001f\u007f]/.test(e.message);
  }

  it('pull', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: answer() }), { minLength: 1, maxLength: 10 }),
        async (answers) => {
          plan = answers;
          n = 0;
          const err = await pullArtifact({ reference: `${server.host}/a/b:1.0.0`, insecure: true, env: {}, cwd: tempDir(), retry, validate: false }).then(
            () => undefined,
            (e: unknown) => e,
          );
          if (err !== undefined && !isOneLineUserError(err)) throw err;
        },
      ),
      { numRuns: 150, timeout: 8000 },
    );
  });

  it('push', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: answer() }), { minLength: 1, maxLength: 10 }),
        async (answers) => {
          plan = answers;
          n = 0;
          const err = await pushArtifact({
            reference: `${server.host}/a/b:1.0.0`,
            file: actor,
            insecure: true,
            env: {},
            digestCache: false,
            retry,
            credentials: { username: 'u', password: 'p-secret' },
          }).then(
            () => undefined,
            (e: unknown) => e,
          );
          if (err !== undefined && !isOneLineUserError(err)) throw err;
          if (err) expect((err as Error).message).not.toContain('p-secret');
        },
      ),
      { numRuns: 150, timeout: 8000 },
    );
  });
});

describe('fuzz: references', () => {
  it('parse into a usable registry URL or fail with InvalidReferenceError', () => {
    const hosty = fc.stringMatching(/^[a-z0-9.\-:[\]]{1,20}$/);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.tuple(hosty, fc.stringMatching(/^[a-z0-9/._-]{0,20}$/), fc.stringMatching(/^[:@a-z0-9._-]{0,20}$/)).map(([h, p, t]) => `${h}/${p}${t}`),
        ),
        (ref) => {
          let parsed;
          try {
            parsed = parseReference(ref);
          } catch (err) {
            expect(err).toBeInstanceOf(InvalidReferenceError);
            expect((err as Error).message).not.toMatch(/\n/);
            return;
          }
          expect(URL.canParse(`https://${parsed.registry}/v2/${parsed.repository}/manifests/${parsed.tag ?? parsed.digest ?? 'latest'}`)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
    expect(() => parseReference('127.0.0.1:99999999/a:1')).toThrow("invalid port '99999999' in '127.0.0.1:99999999/a:1': a port is 1 to 65535");
  });
});
