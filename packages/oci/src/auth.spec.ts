import { IncomingMessage } from 'node:http';
import { AuthSession, parseWwwAuthenticate } from './auth';
import { Transport } from './transport';
import { makeSigningCert } from './test-support/tls';
import { startTokenServer } from './test-support/token-server';

describe('parseWwwAuthenticate', () => {
  it('parses Bearer challenges with quoted params (Docker Hub form)', () => {
    expect(parseWwwAuthenticate('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/alpine:pull' },
    });
  });

  it('parses Basic, unquoted values, spaces and escapes', () => {
    expect(parseWwwAuthenticate('Basic realm="a \\"b\\" c"')).toEqual({ scheme: 'basic', params: { realm: 'a "b" c' } });
    expect(parseWwwAuthenticate('Bearer realm=https://x/token, error=insufficient_scope')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://x/token', error: 'insufficient_scope' },
    });
    expect(parseWwwAuthenticate(undefined)).toBeUndefined();
  });
});

describe('AuthSession bearer tokens', () => {
  const challenge = (realm: string, service: string) =>
    ({ headers: { 'www-authenticate': `Bearer realm="${realm}",service="${service}"` } }) as unknown as IncomingMessage;

  it('reuses a token per scope while it is valid and fetches a new one near expiry', async () => {
    const signing = makeSigningCert();
    const [longLived, shortLived] = await Promise.all([startTokenServer(signing, {}, 300), startTokenServer(signing, {}, 4)]);
    const transport = new Transport({ env: {} });
    try {
      const a = new AuthSession('r', undefined, transport, 'http');
      a.learn(challenge(longLived.realm, longLived.service), []);
      const first = await a.authorization(['repository:x:pull']);
      expect(first).toMatch(/^Bearer ey/);
      expect(await a.authorization(['repository:x:pull'])).toBe(first);
      await a.authorization(['repository:y:pull']);
      expect(longLived.requests.map((r) => r.scopes)).toEqual([['repository:x:pull'], ['repository:y:pull']]);

      // expires_in 4 s is inside the 5 s refresh margin: every request gets a fresh token.
      const b = new AuthSession('r', undefined, transport, 'http');
      b.learn(challenge(shortLived.realm, shortLived.service), []);
      await b.authorization(['repository:x:pull']);
      await b.authorization(['repository:x:pull']);
      expect(shortLived.requests).toHaveLength(2);
    } finally {
      transport.close();
      await Promise.all([longLived.stop(), shortLived.stop()]);
    }
  });
});
