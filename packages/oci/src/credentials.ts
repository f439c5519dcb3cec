import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AuthError, OciError } from './errors';
import { DOCKER_HUB } from './reference';

// Loaded only when a credential helper runs.
const childProcess = () => require('node:child_process') as typeof import('node:child_process');

/** What we may present to a registry. `source` says where it came from (for error messages). */
export interface Credentials {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (docker's `identitytoken`, or a helper's `<token>` user). */
  identityToken?: string;
  source: string;
}

export interface CredentialOptions {
  username?: string;
  password?: string;
  env?: NodeJS.ProcessEnv;
}

// Docker stores Hub credentials under its legacy v1 index URL.
const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

/**
 * Credentials for `registry`, in wash's order: explicit user+password (both, as wash requires),
 * then WASH_REG_USER/WASH_REG_PASSWORD, then docker's config (credHelpers, credsStore, auths);
 * undefined means anonymous.
 */
export async function resolveCredentials(registry: string, opts: CredentialOptions = {}): Promise<Credentials | undefined> {
  const env = opts.env ?? process.env;
  if (opts.username && opts.password) return { username: opts.username, password: opts.password, source: 'the --user/--password options' };
  if (env.WASH_REG_USER && env.WASH_REG_PASSWORD) {
    return { username: env.WASH_REG_USER, password: env.WASH_REG_PASSWORD, source: 'WASH_REG_USER/WASH_REG_PASSWORD' };
  }
  return dockerConfigCredentials(registry, env);
}

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

export function dockerConfigPath(env: NodeJS.ProcessEnv): string {
  return join(env.DOCKER_CONFIG ?? join(env.HOME ?? homedir(), '.docker'), 'config.json');
}

function readDockerConfig(env: NodeJS.ProcessEnv): { config: DockerConfig; path: string } | undefined {
  const path = dockerConfigPath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return { config: JSON.parse(text) as DockerConfig, path };
  } catch (err) {
    // V8's message can quote the text around the error, and this file holds passwords: keep only the position.
    const at = /position \d+/.exec((err as Error).message)?.[0];
    throw new OciError(`docker config ${path} is not valid JSON${at ? ` (at ${at})` : ''}: fix or remove it`);
  }
}

/** `https://host/v1/`, `http://host`, `host` all name the same registry in docker's config. */
export function normaliseConfigKey(key: string): string {
  const host = key
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  return ['index.docker.io', 'registry-1.docker.io', 'docker.io'].includes(host) ? DOCKER_HUB : host;
}

export async function dockerConfigCredentials(registry: string, env: NodeJS.ProcessEnv): Promise<Credentials | undefined> {
  const found = readDockerConfig(env);
  if (!found) return undefined;
  const { config, path } = found;
  const want = normaliseConfigKey(registry);
  const serverUrl = want === DOCKER_HUB ? DOCKER_HUB_KEY : want;

  const helper = Object.entries(config.credHelpers ?? {}).find(([k]) => normaliseConfigKey(k) === want)?.[1];
  if (helper) return helperCredentials(helper, serverUrl, env);

  // With a credsStore, docker keeps secrets in the store and only empty markers in `auths`.
  if (config.credsStore) {
    const fromStore = await helperCredentials(config.credsStore, serverUrl, env);
    if (fromStore) return fromStore;
  }

  const entry = Object.entries(config.auths ?? {}).find(([k]) => normaliseConfigKey(k) === want)?.[1];
  if (!entry) return undefined;
  const source = `${path} (auths)`;
  if (entry.identitytoken) return { identityToken: entry.identitytoken, source };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new OciError(`docker config ${path}: the auth entry for ${want} is not base64 of user:password`);
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), source };
  }
  if (entry.username && entry.password) return { username: entry.username, password: entry.password, source };
  return undefined;
}

/**
 * Runs `docker-credential-<helper> get` with the server URL on stdin (the docker credential helper
 * protocol). "Not found" is an empty answer, not an error; the secret never reaches our errors.
 */
export function helperCredentials(helper: string, serverUrl: string, env: NodeJS.ProcessEnv): Promise<Credentials | undefined> {
  const program = `docker-credential-${helper}`;
  return new Promise((resolve, reject) => {
    const child = childProcess().spawn(program, ['get'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        new AuthError(
          e.code === 'ENOENT'
            ? `docker credential helper '${program}' (configured in ${dockerConfigPath(env)}) is not on PATH: install it or remove it from the config`
            : `docker credential helper '${program}' failed to start: ${e.message}`,
        ),
      ),
    );
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8').trim();
      if (code !== 0) {
        if (/credentials not found/i.test(stdout + Buffer.concat(err).toString('utf8'))) return resolve(undefined);
        // Helper stderr could echo input but never the secret (it failed to find one); still keep it short.
        return reject(new AuthError(`docker credential helper '${program}' exited with code ${code} for ${serverUrl}`));
      }
      try {
        const parsed = JSON.parse(stdout) as { Username?: string; Secret?: string };
        if (!parsed.Secret) return resolve(undefined);
        const source = `docker credential helper '${program}'`;
        resolve(parsed.Username === '<token>' ? { identityToken: parsed.Secret, source } : { username: parsed.Username, password: parsed.Secret, source });
      } catch {
        reject(new AuthError(`docker credential helper '${program}' printed something that is not JSON for ${serverUrl}`));
      }
    });
    // A helper may exit without reading stdin; its exit code is the answer, not our EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(serverUrl);
  });
}
