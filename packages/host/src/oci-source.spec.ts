import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRegistry, pushArtifact, startLocalRegistry } from '@nx-wasmcloud/oci';
import { HostUserError } from './errors';
import { Host } from './host';
import { allowedInsecureFromEnv, cacheFiles, pullActorBytes } from './oci-source';
import { sign, watActorModule } from './test-support/fixtures';
import { FAMILIES } from './test-support/wat-actor';

describe('OCI actors (a real Distribution registry on loopback)', () => {
  let registry: LocalRegistry;
  let dir: string;
  let reference: string;
  let publicKey: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'host-oci-'));
    registry = await startLocalRegistry();
    const signed = await sign(watActorModule(FAMILIES['wasmbus-0.7']), { name: 'from-oci' });
    publicKey = signed.publicKey;
    const file = join(dir, 'actor_s.wasm');
    writeFileSync(file, signed.bytes);
    reference = `${registry.url}/host-test/echo:0.1.0`;
    await pushArtifact({ reference, file, insecure: true, digestCache: false });
    await pushArtifact({ reference: `${registry.url}/host-test/echo:latest`, file, insecure: true, digestCache: false, allowLatest: true });
  });
  afterAll(async () => {
    await registry?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts an actor from a reference into the hosts cache layout; a second start does not fetch (registry stopped)', async () => {
    const own = await startLocalRegistry();
    const cacheDir = join(dir, 'cache1');
    const ref = `${own.url}/host-test/echo:0.2.0`;
    const host = new Host({ ociAllowedInsecure: [own.url], ociCacheDir: cacheDir });
    try {
      await pushArtifact({ reference: ref, file: join(dir, 'actor_s.wasm'), insecure: true, digestCache: false });
      const info = await host.startActor(ref);
      expect(info.publicKey).toBe(publicKey);
      expect(new TextDecoder().decode(await host.call(info.publicKey, 'Echo.Echo', new TextEncoder().encode('oci')))).toBe('oci');
      const files = cacheFiles(ref, { cacheDir });
      // The hosts' naming: the reference lowercased, ':' '/' '.' -> '_', plus .bin and .digest.
      expect(files.bin).toBe(join(cacheDir, `${ref.toLowerCase().replace(/[:/.]/g, '_')}.bin`));
      expect(readFileSync(files.digest, 'utf8')).toMatch(/^sha256:[0-9a-f]{64}$/);
    } finally {
      await host.close();
      await own.stop();
    }
    // The registry is gone: the bytes can only come from the cache.
    const again = new Host({ ociAllowedInsecure: [own.url], ociCacheDir: cacheDir });
    try {
      expect((await pullActorBytes(ref, { allowedInsecure: [own.url], allowLatest: false, cacheDir })).fromCache).toBe(true);
      expect((await again.startActor(ref)).publicKey).toBe(publicKey);
    } finally {
      await again.close();
    }
  });
  it('after draining the cache the next start fetches again', async () => {
    const cacheDir = join(dir, 'cache2');
    const first = await pullActorBytes(reference, { allowedInsecure: [registry.url], allowLatest: false, cacheDir });
    expect(first.fromCache).toBe(false);
    rmSync(cacheFiles(reference, { cacheDir }).bin);
    const second = await pullActorBytes(reference, { allowedInsecure: [registry.url], allowLatest: false, cacheDir });
    expect(second.fromCache).toBe(false);
    expect(existsSync(cacheFiles(reference, { cacheDir }).bin)).toBe(true);
  });
  it('refuses plain HTTP / anonymous access unless the registry is allowed as insecure', async () => {
    const host = new Host({ ociAllowedInsecure: [], ociCacheDir: join(dir, 'cache3') });
    try {
      const err = await host.startActor(reference).catch((e) => e);
      expect(err).toBeInstanceOf(HostUserError);
      expect(err.message).toMatch(
        new RegExp(
          `^${reference.replace(/[.]/g, '\\.')}: refusing anonymous access to ${registry.url.replace(/[.]/g, '\\.')}: .*WASMCLOUD_OCI_ALLOWED_INSECURE$`,
        ),
      );
    } finally {
      await host.close();
    }
  });
  it("refuses 'latest' (explicit or implied) unless allowed", async () => {
    const host = new Host({ ociAllowedInsecure: [registry.url], ociCacheDir: join(dir, 'cache4') });
    const latest = new Host({ ociAllowedInsecure: [registry.url], ociCacheDir: join(dir, 'cache5'), allowLatest: true });
    try {
      await expect(host.startActor(`${registry.url}/host-test/echo:latest`)).rejects.toThrow(/refusing the 'latest' tag/);
      await expect(host.startActor(`${registry.url}/host-test/echo`)).rejects.toThrow(/refusing the 'latest' tag/);
      expect((await latest.startActor(`${registry.url}/host-test/echo:latest`)).publicKey).toBe(publicKey);
    } finally {
      await host.close();
      await latest.close();
    }
  });
  it('a reference the registry does not have is a one-line HostUserError', async () => {
    await expect(
      pullActorBytes(`${registry.url}/host-test/none:1.0.0`, { allowedInsecure: [registry.url], allowLatest: false, cacheDir: join(dir, 'cache6') }),
    ).rejects.toThrow(HostUserError);
  });
});

describe('allowedInsecureFromEnv', () => {
  it('splits WASMCLOUD_OCI_ALLOWED_INSECURE on commas, trimmed and lowercased', () => {
    expect(allowedInsecureFromEnv({ WASMCLOUD_OCI_ALLOWED_INSECURE: ' Localhost:5000, 127.0.0.1:8080 ,' })).toEqual(['localhost:5000', '127.0.0.1:8080']);
    expect(allowedInsecureFromEnv({})).toEqual([]);
  });
});
