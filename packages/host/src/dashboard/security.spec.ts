import type { IncomingMessage } from 'node:http';
import { checkRequest, newDashboardToken } from './security';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const expected = { token: 'secret-token', hosts: ['127.0.0.1:8000', 'localhost:8000'] };

describe('dashboard request checks', () => {
  it('makes a fresh 256-bit URL-safe token each time', () => {
    const a = newDashboardToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newDashboardToken()).not.toBe(a);
  });

  it('accepts our Host with the token, with or without a same-origin Origin', () => {
    expect(checkRequest(req({ host: '127.0.0.1:8000' }), expected, 'secret-token', true)).toBeUndefined();
    expect(
      checkRequest(req({ host: 'localhost:8000', origin: 'http://localhost:8000', 'sec-fetch-site': 'same-origin' }), expected, 'secret-token', true),
    ).toBeUndefined();
    expect(checkRequest(req({ host: '127.0.0.1:8000' }), expected, undefined, false)).toBeUndefined();
  });

  it('refuses a wrong Host, a foreign Origin, a cross-site fetch and a missing or wrong token', () => {
    expect(checkRequest(req({ host: 'attacker.example:8000' }), expected, 'secret-token', true)).toEqual({
      status: 403,
      reason: "Host header 'attacker.example:8000' is not this dashboard's address",
    });
    expect(checkRequest(req({ host: '127.0.0.1:8000', origin: 'null' }), expected, 'secret-token', true)?.status).toBe(403);
    expect(checkRequest(req({ host: '127.0.0.1:8000', origin: 'https://127.0.0.1:8000' }), expected, 'secret-token', true)?.status).toBe(403);
    expect(checkRequest(req({ host: '127.0.0.1:8000', 'sec-fetch-site': 'same-site' }), expected, 'secret-token', true)?.status).toBe(403);
    expect(checkRequest(req({ host: '127.0.0.1:8000' }), expected, undefined, true)?.status).toBe(401);
    expect(checkRequest(req({ host: '127.0.0.1:8000' }), expected, 'secret-tokeN', true)?.status).toBe(401);
    expect(checkRequest(req({ host: '127.0.0.1:8000' }), expected, 'secret', true)?.status).toBe(401);
  });
});
