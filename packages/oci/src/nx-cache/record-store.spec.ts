import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { startLocalRegistry, LocalRegistry } from '../local-registry';
import { pushArtifact } from '../push';
import { signedActor, tempDir } from '../test-support/fixtures';
import { OciRecordStore, parseCacheRepository } from './record-store';
import { spoolBody } from './spool';

describe('parseCacheRepository', () => {
  it('takes host[:port]/repository and refuses a tag or digest', () => {
    expect(parseCacheRepository('localhost:5000/team/nx-cache')).toEqual({ registry: 'localhost:5000', repository: 'team/nx-cache' });
    expect(() => parseCacheRepository('ghcr.io/acme/nx-cache:1')).toThrow(/names a tag: give host\[:port\]\/repository only/);
    expect(() => parseCacheRepository(`ghcr.io/acme/nx-cache@sha256:${'a'.repeat(64)}`)).toThrow(/names a digest/);
  });
});

describe('OciRecordStore on the real registry', () => {
  let reg: LocalRegistry;
  beforeAll(async () => {
    reg = await startLocalRegistry();
  });
  afterAll(async () => reg?.stop());

  const open = (repo: string) => OciRecordStore.open({ repository: `${reg.url}/${repo}`, insecure: true, env: { HOME: tempDir() }, spoolDir: tempDir() });

  it('stores once per hash and reads the bytes back; the config blob is shared between records', async () => {
    const store = await open('cache/a');
    try {
      const body = randomBytes(500);
      expect(await store.put('42', await spoolBody(Readable.from([body]), body.length, tempDir()))).toBe('stored');
      expect(await store.put('42', await spoolBody(Readable.from([body]), body.length, tempDir()))).toBe('exists');
      expect(await store.put('43', await spoolBody(Readable.from([body]), body.length, tempDir()))).toBe('stored');
      const got = await store.get('42');
      expect(got?.digest).toMatch(/^sha256:/);
      const chunks: Buffer[] = [];
      for await (const c of got!.open()) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).equals(body)).toBe(true);
      expect(await store.get('44')).toBeUndefined();
    } finally {
      store.close();
    }
  });

  it('refuses to serve a tag that is not an Nx cache record (an actor pushed to the same repository)', async () => {
    const actor = await signedActor(tempDir());
    await pushArtifact({ reference: `${reg.url}/cache/mixed:77`, file: actor, insecure: true, env: { HOME: tempDir() }, digestCache: false });
    const store = await open('cache/mixed');
    try {
      await expect(store.get('77')).rejects.toThrow(/is not an Nx cache record .*keep the cache in a repository of its own/);
    } finally {
      store.close();
    }
  });
});
