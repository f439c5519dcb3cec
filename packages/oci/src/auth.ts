import { IncomingMessage } from 'node:http';
import { AuthError } from './errors';
import { Credentials } from './credentials';
import { readBody, redactUrl, Scheme, throwIfRetryable, Transport } from './transport';

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `WWW-Authenticate` (RFC 7235 auth-params, quoted or token values). */
export function parseWwwAuthenticate(value: string | undefined): Challenge | undefined {
  if (!value) return undefined;
  const m = /^\s*([A-Za-z][\w-]*)\s*(.*)$/s.exec(value);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /([A-Za-z][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?\s*/g;
  let p: RegExpExecArray | null;
  while ((p = re.exec(m[2])) !== null) {
    if (p[0] === '') break;
    params[p[1].toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3];
  }
  return { scheme: m[1].toLowerCase(), params };
}

export function loginHint(registry: string): string {
  return `log in with -u/--user and -p/--password (or --password-stdin), set WASH_REG_USER and WASH_REG_PASSWORD, or run 'docker login ${registry}'`;
}

/**
 * Holds what a registry told us about authenticating (Basic, or a Bearer token service) and the
 * tokens obtained per scope. Secrets stay inside; nothing here is logged.
 */
export class AuthSession {
  private challenge?: Challenge;
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();

  constructor(
    readonly registry: string,
    private readonly credentials: Credentials | undefined,
    private readonly transport: Transport,
    /** How the registry itself is reached: a token realm over plain http is accepted only for an http registry. */
    private readonly registryScheme: Scheme = 'https',
  ) {
    const c = credentials;
    for (const secret of [c?.password, c?.identityToken, c?.username && c.password !== undefined ? basicValue(c.username, c.password) : undefined]) {
      if (secret) transport.secrets.add(secret);
    }
  }

  /** Records the challenge from a 401; returns false if nothing new was learned (give up). */
  learn(res: IncomingMessage, scopes: string[]): boolean {
    const challenge = parseWwwAuthenticate(res.headers['www-authenticate'] as string | undefined);
    if (!challenge || (challenge.scheme !== 'basic' && challenge.scheme !== 'bearer')) {
      throw new AuthError(`${this.registry} requires authentication with an unsupported scheme '${challenge?.scheme ?? 'none'}'`);
    }
    const before = this.challenge;
    this.challenge = challenge;
    if (challenge.scheme === 'bearer') {
      const key = scopeKey(scopes);
      const hadToken = this.tokens.has(key);
      this.tokens.delete(key);
      // A 401 despite a fresh token for these scopes means the token does not grant them.
      return !hadToken;
    }
    return before?.scheme !== 'basic';
  }

  get scheme(): string | undefined {
    return this.challenge?.scheme;
  }

  /** The Authorization header value for a request needing `scopes`, or undefined (anonymous). */
  async authorization(scopes: string[]): Promise<string | undefined> {
    const c = this.challenge;
    if (!c) return undefined;
    if (c.scheme === 'basic') {
      const creds = this.credentials;
      if (!creds?.username || creds.password === undefined) throw this.missing();
      return `Basic ${basicValue(creds.username, creds.password)}`;
    }
    const key = scopeKey(scopes);
    let entry = this.tokens.get(key);
    // Refreshed a little before expiry, so a long push (many chunks) never sends a stale token.
    if (!entry || Date.now() > entry.expiresAt - 5000) {
      entry = await this.fetchToken(c, scopes);
      this.tokens.set(key, entry);
    }
    return `Bearer ${entry.token}`;
  }

  missing(): AuthError {
    return new AuthError(`authentication required by ${this.registry}: ${loginHint(this.registry)}`);
  }

  rejected(): AuthError {
    const c = this.credentials;
    if (!c) return this.missing();
    const who = c.username ? ` for user '${c.username}'` : '';
    if (this.challenge?.params.error === 'insufficient_scope') {
      const scope = this.challenge.params.scope ? ` (${this.challenge.params.scope})` : '';
      return new AuthError(`${this.registry} denied the request${scope}${who}: the credentials from ${c.source} are valid but lack permission`);
    }
    return new AuthError(`${this.registry} rejected the credentials from ${c.source}${who}: check them, or ${loginHint(this.registry)}`);
  }

  /** The token flow of the distribution auth spec, with an OAuth2 refresh token when we hold one. */
  private async fetchToken(c: Challenge, scopes: string[]): Promise<{ token: string; expiresAt: number }> {
    const realm = c.params.realm;
    if (!realm) throw new AuthError(`${this.registry} sent a Bearer challenge without a realm`);
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new AuthError(`${this.registry} sent a Bearer challenge with an invalid realm`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new AuthError(`${this.registry} sent a Bearer realm with scheme '${url.protocol}' (${redactUrl(url)}); only https token services are used`);
    }
    // The token request carries the user's password: over plain http only when the registry itself
    // was allowed plain http (a local registry and its token service), never for an https registry.
    if (url.protocol === 'http:' && this.registryScheme !== 'http') {
      throw new AuthError(
        `${this.registry} sent its token service realm ${redactUrl(url)} over plain http, which would expose the credentials: refused; a local test registry may be allowed plain http with --insecure or WASMCLOUD_OCI_ALLOWED_INSECURE=${this.registry}, otherwise its token service must use https`,
      );
    }
    const wanted = [...new Set([...(c.params.scope ? c.params.scope.split(' ') : []), ...scopes])];
    const creds = this.credentials;
    let res: IncomingMessage;
    if (creds?.identityToken) {
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.identityToken, client_id: 'nx-wasmcloud' });
      if (c.params.service) form.set('service', c.params.service);
      if (wanted.length) form.set('scope', wanted.join(' '));
      res = await this.transport.send({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: Buffer.from(form.toString()),
      });
    } else {
      if (c.params.service) url.searchParams.set('service', c.params.service);
      for (const s of wanted) url.searchParams.append('scope', s);
      const headers: Record<string, string> = {};
      if (creds?.username && creds.password !== undefined) {
        headers.authorization = `Basic ${basicValue(creds.username, creds.password)}`;
      }
      res = await this.transport.send({ method: 'GET', url, headers });
    }
    await throwIfRetryable(res, `token request to ${url.host}`, this.transport.secrets);
    if (res.statusCode === 401 || res.statusCode === 403) {
      res.resume();
      throw creds ? this.rejected() : this.missing();
    }
    const body = await readBody(res, 1 << 20);
    if (res.statusCode !== 200) throw new AuthError(`token service ${url.host} answered ${res.statusCode} for ${this.registry}`);
    let parsed: { token?: string; access_token?: string; expires_in?: number };
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new AuthError(`token service ${url.host} answered with something that is not JSON`);
    }
    if (!parsed || typeof parsed !== 'object') throw new AuthError(`token service ${url.host} answered with JSON that is not an object`);
    const token = parsed.token ?? parsed.access_token;
    if (!token) throw new AuthError(`token service ${url.host} answered without a token`);
    // It goes into an Authorization header: a CR/LF or any other control character could not be
    // sent (and would split the header if it could).
    if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token))
      throw new AuthError(`token service ${url.host} answered with a token that is not a valid header value`);
    this.transport.secrets.add(token);
    // The token spec's default lifetime is 60 s when expires_in is absent.
    const lifetime = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 60;
    return { token, expiresAt: Date.now() + lifetime * 1000 };
  }
}

function basicValue(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`).toString('base64');
}

function scopeKey(scopes: string[]): string {
  return [...scopes].sort().join(' ');
}
