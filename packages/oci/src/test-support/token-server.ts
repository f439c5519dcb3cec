import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { importPKCS8, SignJWT } from 'jose';

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  /** Scopes asked for, per request, and whether Basic credentials came with it. */
  requests: { scopes: string[]; user?: string }[];
  stop(): Promise<void>;
}

/**
 * A minimal token service for Distribution's `auth.token`: grants what an authenticated user asks
 * for (only `pull` for users whose password is listed as `<password>:ro`), only `pull` to anonymous callers, and signs ES256 JWTs with the x5c header Distribution checks
 * against its rootcertbundle. Real JWTs, verified by the real registry.
 */
export async function startTokenServer(signing: { cert: string; key: string }, users: Record<string, string>, expiresIn = 300): Promise<TokenServer> {
  const key = await importPKCS8(readFileSync(signing.key, 'utf8'), 'ES256');
  const der = readFileSync(signing.cert, 'utf8').replace(/-----[^-]+-----|\s/g, '');
  const service = 'nx-wasmcloud-test-registry';
  const issuer = 'nx-wasmcloud-test-issuer';
  const requests: TokenServer['requests'] = [];
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const scopes = url.searchParams
      .getAll('scope')
      .flatMap((s) => s.split(' '))
      .filter(Boolean);
    let user: string | undefined;
    let readOnly = false;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Basic ')) {
      const [u, p] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
      if (users[u] !== p && users[u] !== `${p}:ro`) {
        res.writeHead(401).end('{"details":"bad credentials"}');
        return;
      }
      user = u;
      readOnly = users[u].endsWith(':ro');
    }
    requests.push({ scopes, user });
    const access = scopes.map((s) => {
      const [type, name, actions] = s.split(':');
      const asked = (actions ?? '').split(',');
      return { type, name, actions: user && !readOnly ? asked : asked.filter((a) => a === 'pull') };
    });
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ access })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', x5c: [der] })
      .setIssuer(issuer)
      .setSubject(user ?? '')
      .setAudience(service)
      .setIssuedAt(now)
      .setNotBefore(now - 60)
      .setExpirationTime(now + 300)
      .setJti(randomBytes(8).toString('hex'))
      .sign(key);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token, expires_in: expiresIn }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
