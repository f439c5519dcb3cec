import { startLocalRegistry, type LocalRegistry } from '@nx-wasmcloud/oci';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { KeyPair, signActor } from '@nx-wasmcloud/wascap';
import { join } from 'node:path';
import { captureOutput, executorContext } from '../../test-support/executor-context';
import { HELLO_TOML, tempTree } from '../../test-support/files';
import { writeActorWasm } from '../../test-support/wasm';
import pullExecutor from '../pull/executor';
import signExecutor from '../sign/executor';
import pushExecutor from './executor';

jest.setTimeout(60_000);

describe('push and pull executors (real Distribution registry, skopeo as the independent client)', () => {
  const ws = tempTree({ 'hello/wasmcloud.toml': HELLO_TOML });
  const saved = { ...process.env };
  let registry: LocalRegistry;
  const ctx = (target: string) => executorContext(ws.root, 'hello', 'hello', target);

  beforeAll(async () => {
    process.env.WASH_KEYS = join(ws.root, 'keys');
    writeActorWasm(join(ws.root, 'hello/build/hello.wasm'));
    const out = captureOutput();
    await signExecutor({}, ctx('sign')).finally(out.restore);
    registry = await startLocalRegistry({ storageDir: join(ws.root, 'registry') });
  });
  afterAll(async () => {
    await registry?.stop();
    process.env = saved;
    ws.cleanup();
  });

  const push = async (options = {}) => {
    const out = captureOutput();
    const result = await pushExecutor(options, ctx('push')).finally(out.restore);
    return { result, output: out.text() };
  };

  it('pushes nothing on a dry run (nx release publish --dry-run), saying where it would', async () => {
    const { result, output } = await push({ registry: registry.url, dryRun: true });
    expect(result).toEqual({ success: true });
    expect(output).toContain(`Would push hello/build/hello_s.wasm to ${registry.url}/hello:0.1.0 (dry run: nothing pushed)`);
    const tags = await fetch(`http://${registry.url}/v2/hello/tags/list`);
    expect(tags.status).toBe(404);
  });

  it('pushes build/<bin>_s.wasm to <registry>/<name>:<version>, plain HTTP for a loopback registry', async () => {
    const { result, output } = await push({ registry: registry.url });
    expect(result).toEqual({ success: true });
    const digest = /\((sha256:[0-9a-f]{64})\)/.exec(output)![1];
    const raw = execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${registry.url}/hello:0.1.0`], { encoding: 'utf8' });
    const manifest = JSON.parse(raw);
    expect(manifest.config.mediaType).toBe('application/vnd.wasmcloud.actor.archive.config');
    expect(manifest.layers[0].mediaType).toBe('application/vnd.module.wasm.content.layer.v1+wasm');
    expect(`sha256:${require('node:crypto').createHash('sha256').update(raw).digest('hex')}`).toBe(digest);
  });

  it('is idempotent: a second push yields the same digest', async () => {
    const a = /\((sha256:[0-9a-f]{64})\)/.exec((await push({ registry: registry.url })).output)![1];
    const b = /\((sha256:[0-9a-f]{64})\)/.exec((await push({ registry: registry.url })).output)![1];
    expect(b).toBe(a);
  });

  it('pulls the same bytes back', async () => {
    const out = captureOutput();
    const result = await pullExecutor({ registry: registry.url, destination: 'pulled/hello_s.wasm' }, ctx('pull')).finally(out.restore);
    expect(result).toEqual({ success: true });
    expect(readFileSync(join(ws.root, 'pulled/hello_s.wasm'))).toEqual(readFileSync(join(ws.root, 'hello/build/hello_s.wasm')));
  });

  it('fails in one line on an annotation that is not key=value', async () => {
    const { result, output } = await push({ registry: registry.url, annotations: ['novalue'] });
    expect(result).toEqual({ success: false });
    expect(output.trim()).toBe("error: annotation 'novalue' must be key=value (e.g. org.opencontainers.image.version=1.0.0)");
  });

  describe('a version tag pushed again', () => {
    const artifact = () => join(ws.root, 'hello/build/hello_s.wasm');
    let original: Buffer;
    beforeAll(() => {
      original = readFileSync(artifact());
    });
    afterAll(() => writeFileSync(artifact(), original));
    /** Replaces the project's signed actor with another signing of the same module (other keys: other bytes). */
    const resign = async (name: string) =>
      writeFileSync(
        artifact(),
        await signActor(readFileSync(join(ws.root, 'hello/build/hello.wasm')), { issuer: KeyPair.create('account'), subject: KeyPair.create('module'), name }),
      );
    const tagDigest = (ref: string) => {
      const raw = execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${registry.url}/${ref}`]);
      return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    };

    it('logs a warning naming both digests when the push moves the tag; none for the same content again', async () => {
      const reference = `${registry.url}/moving:1.0.0`;
      await resign('one');
      expect((await push({ reference })).output).not.toContain('warning');
      const before = tagDigest('moving:1.0.0');
      expect((await push({ reference })).output).not.toContain('warning');
      await resign('two');
      const { result, output } = await push({ reference });
      expect(result).toEqual({ success: true });
      const after = tagDigest('moving:1.0.0');
      expect(after).not.toBe(before);
      expect(output).toContain(`warning: tag ${reference} moved: ${before} -> ${after}\n`);
    });

    it('noOverwrite (or overwrite: false, what --no-overwrite sets) refuses in one line; the registry keeps the old digest', async () => {
      const reference = `${registry.url}/kept:1.0.0`;
      await resign('kept-one');
      expect((await push({ reference, noOverwrite: true })).result).toEqual({ success: true });
      const held = tagDigest('kept:1.0.0');
      expect((await push({ reference, noOverwrite: true })).result).toEqual({ success: true }); // same content: allowed
      await resign('kept-two');
      for (const options of [{ noOverwrite: true }, { overwrite: false }]) {
        const { result, output } = await push({ reference, ...options });
        expect(result).toEqual({ success: false });
        expect(output.trim()).toMatch(
          new RegExp(
            `^error: tag ${registry.url}/kept:1\\.0\\.0 already holds ${held} \\(this artifact is sha256:[0-9a-f]{64}\\) and --no-overwrite refuses to move it: push under a new version tag, or drop --no-overwrite to replace it$`,
          ),
        );
        expect(tagDigest('kept:1.0.0')).toBe(held);
      }
    });
  });

  it('fails in one line when no registry is configured', async () => {
    const { result, output } = await push({});
    expect(result).toEqual({ success: false });
    expect(output.trim()).toMatch(/^error: no registry for hello: pass --registry=host:port/);
  });
});
