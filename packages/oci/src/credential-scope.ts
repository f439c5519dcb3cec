/**
 * The one rule for where credentials (Basic, Bearer, an identity token) may be sent: only to the
 * origin they were meant for, the registry's own (or, for the token request alone, the realm's).
 * Same scheme, host and port: an upload Location or a redirect on another host, or the same host
 * reached over plain http after https, gets the request without credentials.
 */
export function mayCarryCredentials(target: URL, origin: URL | string): boolean {
  const o = typeof origin === 'string' ? new URL(origin) : origin;
  return target.protocol === o.protocol && target.host === o.host;
}
