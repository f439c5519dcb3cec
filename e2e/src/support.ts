// Small checks the e2e steps share: reading Nx's view of the workspace, what a task run came
// from (cache or execution), and what the OCI registry holds, asked of independent tools.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { kit } from './steps';

export type Json = Record<string, any>;

export function readJson(file: string): Json {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export function sha256(data: Buffer | Uint8Array): string {
  return `sha256:${crypto.createHash('sha256').update(data).digest('hex')}`;
}

export function sha256File(file: string): string {
  return sha256(fs.readFileSync(file));
}

/** The JSON in a command's stdout (Nx may print notices before it). */
export function jsonOf(stdout: string): Json {
  const start = stdout.search(/[[{]/);
  if (start < 0) throw new Error(`expected JSON, got:\n${stdout}`);
  return JSON.parse(stdout.slice(start));
}

/**
 * How Nx says a task was satisfied, from its static output: `> nx run a:b  [local cache]`,
 * `[remote cache]`, `[existing outputs match the cache, left as is]`; no bracket means it ran.
 */
export type TaskSource = 'local cache' | 'remote cache' | 'existing outputs' | 'ran' | 'absent';

export function taskSource(rawOutput: string, task: string): TaskSource {
  // Nx colours its output even without a TTY; drop the escape sequences before matching.

  const output = rawOutput.replace(/\u001b\[[0-9;]*m/g, '');
  const escaped = task.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const line = new RegExp(`^.*nx run ${escaped}(?![\\w:-])(.*)$`, 'm').exec(output);
  if (!line) return 'absent';
  const note = line[1];
  if (/remote cache/.test(note)) return 'remote cache';
  if (/existing outputs match the cache/.test(note)) return 'existing outputs';
  if (/local cache/.test(note)) return 'local cache';
  return 'ran';
}

export function fromCache(source: TaskSource): boolean {
  return source === 'local cache' || source === 'remote cache' || source === 'existing outputs';
}

/** All digests a push printed, in order. */
export function digestsIn(output: string): string[] {
  // A push that moves a tag also names the old and new digest in a warning: not a pushed digest.
  const pushed = output
    .split('\n')
    .filter((line) => !TAG_MOVED.test(line))
    .join('\n');
  return [...pushed.matchAll(/sha256:[0-9a-f]{64}/g)].map((m) => m[0]);
}

/** The warning of a push that moved a tag (oci's describeTagMove). */
export const TAG_MOVED = /warning: tag \S+ moved: sha256:[0-9a-f]{64} -> sha256:[0-9a-f]{64}/;

/** The raw manifest bytes as skopeo (an independent OCI client) fetches them over plain HTTP. */
export async function skopeoRawManifest(reference: string, cwd: string): Promise<{ raw: Buffer; json: Json }> {
  // --raw prints the bytes the registry serves, unchanged (so no trailing newline is stripped).
  const { stdout } = await kit.run(`skopeo inspect --raw ${reference}`, 'skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${reference}`], {
    cwd,
    keepFinalNewline: true,
  });
  return { raw: Buffer.from(stdout, 'utf8'), json: JSON.parse(stdout) };
}

/** A blob's bytes straight from the registry's HTTP API. */
export async function registryBlob(registry: string, repo: string, digest: string): Promise<Buffer> {
  const res = await fetch(`http://${registry}/v2/${repo}/blobs/${digest}`);
  if (res.status !== 200) throw new Error(`GET blob ${digest} from ${registry}/${repo}: HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

export async function registryTags(registry: string, repo: string): Promise<string[]> {
  const res = await fetch(`http://${registry}/v2/${repo}/tags/list`);
  if (res.status === 404) return [];
  const body = (await res.json()) as { tags?: string[] | null };
  return (body.tags ?? []).sort();
}

export async function registryCatalog(registry: string): Promise<string[]> {
  const res = await fetch(`http://${registry}/v2/_catalog`);
  const body = (await res.json()) as { repositories?: string[] | null };
  return (body.repositories ?? []).sort();
}

/**
 * A throwaway CA and a server certificate for 127.0.0.1 (openssl), so a registry can serve TLS the
 * way a team's does; `certDir` holds only ca.crt, the layout skopeo's --cert-dir expects.
 */
export async function makeTlsFiles(dir: string): Promise<{ caCert: string; serverCert: string; serverKey: string; certDir: string }> {
  fs.mkdirSync(path.join(dir, 'certs.d'), { recursive: true });
  const ossl = (args: string[]) => kit.run(`openssl ${args[0]}`, 'openssl', args, { cwd: dir });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await ossl([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=e2e CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await ossl(['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
  fs.writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  await ossl([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.crt',
    '-days',
    '2',
    '-extfile',
    'ext.cnf',
  ]);
  fs.copyFileSync(path.join(dir, 'ca.crt'), path.join(dir, 'certs.d', 'ca.crt'));
  return {
    caCert: path.join(dir, 'ca.crt'),
    serverCert: path.join(dir, 'server.crt'),
    serverKey: path.join(dir, 'server.key'),
    certDir: path.join(dir, 'certs.d'),
  };
}

/** An htpasswd file with one bcrypt line (Distribution accepts only bcrypt; bcryptjs is the repo's dev tool for it). */
export function writeHtpasswd(file: string, user: string, password: string): string {
  const bcrypt: { hashSync(p: string, rounds: number): string } = require(require.resolve('bcryptjs', { paths: [kit.ROOT] }));
  fs.writeFileSync(file, `${user}:${bcrypt.hashSync(password, 5)}\n`, { mode: 0o600 });
  return file;
}
