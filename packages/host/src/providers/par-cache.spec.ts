import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { HostUserError } from '../errors';
import { extractProvider, normalizeCacheName, providerBinaryPath, resolveParFile } from './par-cache';
import { packPar, scriptBinary } from './test-support/provider-fixture';

describe('the PAR cache', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'host-par-cache-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const oci = { allowedInsecure: [], allowLatest: false };

  it("follows otp's layout under $TMPDIR/wasmcloudcache: <service key>/<rev, else iat>/<capid>_<link>", () => {
    expect(normalizeCacheName('wasmcloud:httpserver')).toBe('wasmcloud_httpserver');
    expect(normalizeCacheName('My Link-1')).toBe('my_link_1');
    const env = { TMPDIR: '/var/t' };
    expect(providerBinaryPath({ subject: 'VKEY', rev: 2, iat: 99, capid: 'wasmcloud:keyvalue', linkName: 'default', env, platform: 'linux' })).toBe(
      '/var/t/wasmcloudcache/VKEY/2/wasmcloud_keyvalue_default',
    );
    expect(providerBinaryPath({ subject: 'VKEY', rev: 0, iat: 1700000000, capid: 'a:b', linkName: 'Blue', env, platform: 'linux' })).toBe(
      '/var/t/wasmcloudcache/VKEY/1700000000/a_b_blue',
    );
    expect(providerBinaryPath({ subject: 'VKEY', capid: 'a:b', linkName: 'x', env, platform: 'win32' }).endsWith('a_b_x.exe')).toBe(true);
  });

  it('reads a PAR from bytes through a temporary file it removes', async () => {
    const par = await packPar(scriptBinary(dir, 'p', 'exit 0'), join(dir, 'p.par.gz'));
    const f = await resolveParFile(new Uint8Array(readFileSync(par.file)), oci);
    const env = { TMPDIR: join(dir, 'tmp') };
    const x = await extractProvider(f, 'default', { env });
    expect(x.extracted).toBe(true);
    expect(x.binary.startsWith(join(dir, 'tmp', 'wasmcloudcache', par.subject.publicKey, '1'))).toBe(true);
    expect((await extractProvider(f, 'default', { env })).extracted).toBe(false);
    await f.cleanup();
    await expect(resolveParFile(f.file, oci)).rejects.toThrow(/no such file \(and not an OCI reference\)/);
  });

  it('refuses an archive whose binary does not match its claims, in one line', async () => {
    const par = await packPar(scriptBinary(dir, 'q', 'exit 0'), join(dir, 'q.par'));
    // Flip a byte of the script inside the tar (its claims hash no longer matches).
    const bytes = readFileSync(par.file);
    const tar = bytes[0] === 0x1f ? gunzipSync(bytes) : bytes;
    const at = tar.indexOf(Buffer.from('exit 0'));
    tar[at + 5] = '7'.charCodeAt(0);
    const bad = join(dir, 'bad.par');
    writeFileSync(bad, tar);
    const err = await extractProvider({ file: bad, label: bad, cleanup: async () => undefined }, 'default', { env: { TMPDIR: join(dir, 'tmp') } }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(HostUserError);
    expect(err.message).toMatch(
      /^.*bad\.par: target \S+: SHA-256 [0-9A-F]{64} does not match target_hashes [0-9A-F]{64} \(binary or claims altered\) \(rebuild the archive with the par target\)$/,
    );
    expect(err.message).not.toContain('\n');
  });
});
