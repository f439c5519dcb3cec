import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A per-start secret for the dashboard URL (32 random bytes, URL-safe). */
export function newDashboardToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface RequestCheck {
  status: number;
  reason: string;
}

/**
 * Why a request may not drive the dashboard, or undefined. The Host header must name the address
 * we bound (a DNS-rebinding page sends its own name), an Origin, when sent, must be ours (a page of
 * another origin cannot drive it; we never answer CORS preflights), and the token must match.
 */
export function checkRequest(
  req: IncomingMessage,
  expected: { token: string; hosts: string[] },
  token: string | undefined,
  needsToken: boolean,
): RequestCheck | undefined {
  const host = req.headers.host ?? '';
  if (!expected.hosts.includes(host)) return { status: 403, reason: `Host header '${host}' is not this dashboard's address` };
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return { status: 403, reason: `Origin '${origin}' may not use this dashboard` };
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return { status: 403, reason: `a ${site} request may not use this dashboard` };
  if (needsToken && !tokenMatches(token, expected.token))
    return { status: 401, reason: 'missing or wrong dashboard token: open the URL printed when the host started' };
  return undefined;
}

function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
