import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyPair, signActor } from '@nx-wasmcloud/wascap';
import { createPar } from '@nx-wasmcloud/par';
import { LocalRegistry, startLocalRegistry } from '@nx-wasmcloud/oci';
import { PassThrough } from 'node:stream';
import { run } from '../program';
import { progressReporter } from './registry';
import { captureIo } from '../test-support';

// An empty core module plus a custom section, so every fixture is distinct.
function tinyModule(): Buffer {
  const payload = Buffer.concat([Buffer.from([3]), Buffer.from('pad'), randomBytes(32)]);
  return Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0, payload.length]), payload]);
}

describe('push / pull / drain commands', () => {
  let reg: LocalRegistry;
  const dir = mkdtempSync(join(tmpdir(), 'nx-wasmcloud-cli-registry-'));
  let actor: string;

  beforeAll(async () => {
    reg = await startLocalRegistry();
    actor = join(dir, 'echo_s.wasm');
    writeFileSync(actor, await signActor(tinyModule(), { issuer: KeyPair.create('account'), subject: KeyPair.create('module'), name: 'echo' }));
  }, 60_000);
  afterAll(async () => {
    await reg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pushes and prints wash 0.28 text: the url line then "<tag>: digest: <digest>"', async () => {
    const io = captureIo({ cwd: dir, env: { XDG_CACHE_HOME: dir } });
    expect(await run(['push', `${reg.url}/echo:0.1.0`, actor, '--insecure'], io)).toBe(0);
    expect(io.stdout).toHaveLength(1);
    expect(io.stdout[0]).toMatch(new RegExp(`^🚿 Successfully pushed ${reg.url}/echo:0.1.0\\n0\\.1\\.0: digest: sha256:[0-9a-f]{64}$`));
  });

  it("reg push|pull|ping: wash's group does what the top-level commands do; ping prints Ok or fails", async () => {
    const pushed = captureIo({ cwd: dir, env: { XDG_CACHE_HOME: dir } });
    expect(await run(['reg', 'push', `${reg.url}/echo:0.3.0`, actor, '--insecure', '-o', 'json'], pushed)).toBe(0);
    const { digest } = JSON.parse(pushed.stdout[0]);

    const ping = captureIo({ cwd: dir, env: {} });
    expect(await run(['reg', 'ping', `${reg.url}/echo:0.3.0`, '--insecure'], ping)).toBe(0);
    expect(ping.stdout).toEqual(['Ok']);
    const pingJson = captureIo({ cwd: dir, env: {} });
    expect(await run(['reg', 'ping', `${reg.url}/echo:0.3.0`, '--insecure', '-o', 'json'], pingJson)).toBe(0);
    expect(JSON.parse(pingJson.stdout[0])).toEqual({ result: 'Ok', url: `${reg.url}/echo:0.3.0`, digest });
    const missing = captureIo({ cwd: dir, env: {} });
    expect(await run(['reg', 'ping', `${reg.url}/echo:9.9.9`, '--insecure'], missing)).toBe(1);
    expect(missing.stderr).toHaveLength(1);

    const pulled = captureIo({ cwd: dir, env: { XDG_CACHE_HOME: dir } });
    const dest = join(dir, 'reg-pulled.wasm');
    expect(await run(['reg', 'pull', `${reg.url}/echo:0.3.0`, '--insecure', '--destination', dest, '-o', 'json'], pulled)).toBe(0);
    expect(JSON.parse(pulled.stdout[0])).toEqual({ file: dest, digest });
    expect(readFileSync(dest).equals(readFileSync(actor))).toBe(true);
  });

  it('refuses an annotation that is not key=value as a usage error (exit 2), before any upload', async () => {
    const io = captureIo({ cwd: dir, env: {} });
    expect(await run(['push', `${reg.url}/echo:0.9.0`, actor, '--insecure', '-a', 'novalue'], io)).toBe(2);
    expect(io.stderr).toEqual(["error: annotation 'novalue' must be key=value (e.g. org.opencontainers.image.version=1.0.0)"]);
  });

  it('pushes with -o json and pulls it back with -o json, byte-identical, --digest checked', async () => {
    const io = captureIo({ cwd: dir, env: { XDG_CACHE_HOME: dir } });
    expect(await run(['push', `${reg.url}/echo:0.2.0`, actor, '--insecure', '-a', 'k=v', '-o', 'json'], io)).toBe(0);
    const pushed = JSON.parse(io.stdout[0]);
    expect(pushed).toEqual({ url: `${reg.url}/echo:0.2.0`, digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), tag: '0.2.0' });

    const out = captureIo({ cwd: dir, env: { XDG_CACHE_HOME: dir } });
    const dest = join(dir, 'pulled.wasm');
    expect(await run(['pull', `${reg.url}/echo:0.2.0`, '--insecure', '--destination', dest, '--digest', pushed.digest, '-o', 'json'], out)).toBe(0);
    expect(JSON.parse(out.stdout[0])).toEqual({ file: dest, digest: pushed.digest });
    expect(readFileSync(dest).equals(readFileSync(actor))).toBe(true);

    const bad = captureIo({ cwd: dir, env: { XDG_CACHE_HOME: dir } });
    expect(await run(['pull', `${reg.url}/echo:0.2.0`, '--insecure', '--digest', '0'.repeat(64)], bad)).toBe(1);
    expect(bad.stderr.join('\n')).toMatch(/^error: digest mismatch/);
  });

  it("with --host-cache also writes the hosts' cache files ($TMPDIR/wasmcloud_ocicache/<ref>.bin and .digest)", async () => {
    const tmp = join(dir, 'hosttmp');
    mkdirSync(tmp, { recursive: true });
    const push = captureIo({ cwd: dir, env: { XDG_CACHE_HOME: dir } });
    expect(await run(['push', `${reg.url}/echo:0.3.0`, actor, '--insecure', '-o', 'json'], push)).toBe(0);
    const { digest } = JSON.parse(push.stdout[0]);
    const io = captureIo({ cwd: dir, env: { XDG_CACHE_HOME: dir, TMPDIR: tmp } });
    expect(await run(['pull', `${reg.url}/echo:0.3.0`, '--insecure', '--host-cache', '--destination', join(dir, 'hc.wasm')], io)).toBe(0);
    // The hosts' name: the reference with ':', '/' and '.' replaced by '_'.
    const stem = join(tmp, 'wasmcloud_ocicache', `${reg.url}/echo:0.3.0`.replace(/[:/.]/g, '_'));
    expect(readFileSync(`${stem}.bin`).equals(readFileSync(actor))).toBe(true);
    expect(readFileSync(`${stem}.digest`, 'utf8')).toBe(digest);
  });

  it("fails with one line and exit 1 for 'latest', and exit 2 for conflicting password flags", async () => {
    const io = captureIo({ cwd: dir, env: { XDG_CACHE_HOME: dir } });
    expect(await run(['push', `${reg.url}/echo:latest`, actor, '--insecure'], io)).toBe(1);
    expect(io.stderr).toEqual(["error: Pushing artifacts with tag 'latest' is prohibited: give an explicit tag (e.g. :0.1.0), or pass --allow-latest"]);
    const both = captureIo({ cwd: dir, env: { XDG_CACHE_HOME: dir }, readStdin: async () => 'pw\n' });
    expect(await run(['push', `${reg.url}/echo:1`, actor, '-u', 'u', '-p', 'x', '--password-stdin'], both)).toBe(2);
  });

  it('refuses hostile inputs in one line with exit 1: a device as the artifact, a size over the limit', async () => {
    const dev = captureIo({ cwd: dir, env: { XDG_CACHE_HOME: dir } });
    expect(await run(['push', `${reg.url}/echo:9.0.0`, '/dev/zero', '--insecure'], dev)).toBe(1);
    expect(dev.stderr).toEqual(["error: cannot push artifact '/dev/zero': not a regular file"]);
    const big = captureIo({ cwd: dir, env: { XDG_CACHE_HOME: dir, NX_WASMCLOUD_OCI_MAX_BYTES: '100' } });
    expect(await run(['pull', `${reg.url}/echo:0.1.0`, '--insecure', '--destination', join(dir, 'never.wasm')], big)).toBe(1);
    expect(big.stderr).toEqual([
      `error: ${reg.url}/echo:0.1.0 (1 layer as its manifest declares them) is ${readFileSync(actor).length} bytes, more than the 100 bytes limit: if it is genuine, raise the limit with NX_WASMCLOUD_OCI_MAX_BYTES=<bytes> (e.g. 2GiB)`,
    ]);
    expect(existsSync(join(dir, 'never.wasm'))).toBe(false);
  });

  it('prints plain progress lines on stderr when not on a terminal', async () => {
    const bin = join(dir, 'big.bin');
    writeFileSync(bin, randomBytes(2 << 20));
    const { file } = await createPar({
      binaries: [{ target: 'x86_64-linux', path: bin }],
      capid: 'wasmcloud:test',
      vendor: 'v',
      name: 'n',
      issuer: KeyPair.create('account'),
      subject: KeyPair.create('service'),
      destination: join(dir, 'big.par'),
    });
    const io = captureIo({ cwd: dir, isTty: false, env: { XDG_CACHE_HOME: dir } });
    expect(await run(['push', `${reg.url}/big:1.0.0`, file, '--insecure'], io)).toBe(0);
    expect(io.stderr.some((l) => /^uploading sha256:[0-9a-f]{64}: 100% \(2\.0\/2\.0 MiB\)$/.test(l))).toBe(true);
  });

  it('drains a cache: contents gone, directory kept, paths printed as wash does', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'nx-wasmcloud-drain-'));
    const oci = join(tmp, 'wasmcloud_ocicache');
    mkdirSync(join(oci, 'sub'), { recursive: true });
    writeFileSync(join(oci, 'a.bin'), 'x');
    const io = captureIo({ env: { TMPDIR: tmp, HOME: tmp } });
    expect(await run(['drain', 'oci'], io)).toBe(0);
    expect(io.stdout).toEqual([`Successfully cleared caches at: ["${oci}"]`]);
    expect(existsSync(oci)).toBe(true);
    expect(existsSync(join(oci, 'a.bin')) || existsSync(join(oci, 'sub'))).toBe(false);
    const json = captureIo({ env: { TMPDIR: tmp, HOME: tmp } });
    expect(await run(['drain', 'lib', '-o', 'json'], json)).toBe(0);
    expect(JSON.parse(json.stdout[0])).toEqual({ drained: [join(tmp, 'wasmcloudcache')] });
    expect(await run(['drain', 'everything'], captureIo())).toBe(2);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('draws a progress bar on a terminal', () => {
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 100, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    let text = '';
    stream.on('data', (d: Buffer) => (text += d.toString()));
    const p = progressReporter(captureIo({ isTty: true }), 'uploading', stream);
    const digest = 'sha256:' + 'ab'.repeat(32);
    for (const done of [0, 512, 1024]) p.listener({ phase: 'upload', digest, bytesDone: done, bytesTotal: 1024 });
    p.stop();
    expect(text).toMatch(/uploading abababababab \[.*\] 100% 1024\/1024 bytes/);
  });

  describe('a version tag pushed again', () => {
    const signed = async (name: string) => {
      const file = join(dir, `${name}_s.wasm`);
      writeFileSync(file, await signActor(tinyModule(), { issuer: KeyPair.create('account'), subject: KeyPair.create('module'), name }));
      return file;
    };
    // skopeo, an independent client, says what the tag names in the registry.
    const tagDigest = (ref: string) => {
      const raw = execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${reg.url}/${ref}`]);
      return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    };
    const push = async (args: string[]) => {
      const io = captureIo({ cwd: dir, env: { XDG_CACHE_HOME: dir } });
      const code = await run([...args, '--insecure'], io);
      return { code, io };
    };

    it('warns on stderr, naming both digests, when push moves a tag; stdout stays the result (-o json adds previousDigest)', async () => {
      const [a, b, c] = [await signed('move-a'), await signed('move-b'), await signed('move-c')];
      const first = await push(['push', `${reg.url}/moving:1.0.0`, a, '-o', 'json']);
      expect(first.code).toBe(0);
      expect(first.io.stderr).toEqual([]);
      const before = JSON.parse(first.io.stdout[0]).digest;

      const text = await push(['push', `${reg.url}/moving:1.0.0`, b]);
      expect(text.code).toBe(0);
      const after = tagDigest('moving:1.0.0');
      expect(after).not.toBe(before);
      expect(text.io.stderr).toEqual([`warning: tag ${reg.url}/moving:1.0.0 moved: ${before} -> ${after}`]);
      expect(text.io.stdout).toEqual([`🚿 Successfully pushed ${reg.url}/moving:1.0.0\n1.0.0: digest: ${after}`]);

      const json = await push(['reg', 'push', `${reg.url}/moving:1.0.0`, c, '-o', 'json']);
      expect(json.code).toBe(0);
      const third = tagDigest('moving:1.0.0');
      expect(JSON.parse(json.io.stdout[0])).toEqual({ url: `${reg.url}/moving:1.0.0`, digest: third, tag: '1.0.0', previousDigest: after });
      expect(json.io.stderr).toEqual([`warning: tag ${reg.url}/moving:1.0.0 moved: ${after} -> ${third}`]);
    });

    it('says nothing when the same content is pushed again, with or without --no-overwrite', async () => {
      const a = await signed('same-a');
      expect((await push(['push', `${reg.url}/same:1.0.0`, a])).code).toBe(0);
      for (const args of [['push'], ['reg', 'push', '--no-overwrite']]) {
        const again = await push([...args, `${reg.url}/same:1.0.0`, a, '-o', 'json']);
        expect(again.code).toBe(0);
        expect(again.io.stderr).toEqual([]);
        expect(JSON.parse(again.io.stdout[0])).toEqual({ url: `${reg.url}/same:1.0.0`, digest: tagDigest('same:1.0.0'), tag: '1.0.0' });
      }
    });

    it('--no-overwrite (push and reg push) refuses to move the tag: one line, exit 1, the registry keeps the old digest', async () => {
      const [a, b] = [await signed('keep-a'), await signed('keep-b')];
      expect((await push(['push', `${reg.url}/kept:2.0.0`, a])).code).toBe(0);
      const held = tagDigest('kept:2.0.0');
      for (const command of [['push'], ['reg', 'push']]) {
        const refused = await push([...command, `${reg.url}/kept:2.0.0`, b, '--no-overwrite']);
        expect(refused.code).toBe(1);
        expect(refused.io.stdout).toEqual([]);
        expect(refused.io.stderr).toHaveLength(1);
        expect(refused.io.stderr[0]).toMatch(
          new RegExp(
            `^error: tag ${reg.url}/kept:2\\.0\\.0 already holds ${held} \\(this artifact is sha256:[0-9a-f]{64}\\) and --no-overwrite refuses to move it: push under a new version tag, or drop --no-overwrite to replace it$`,
          ),
        );
        expect(tagDigest('kept:2.0.0')).toBe(held);
      }
      // Nothing of the refused artifact reached the registry: its layer is unknown there.
      const layer = `sha256:${createHash('sha256').update(readFileSync(b)).digest('hex')}`;
      expect((await fetch(`http://${reg.url}/v2/kept/blobs/${layer}`, { method: 'HEAD' })).status).toBe(404);
      // A new version tag goes through.
      const next = await push(['push', `${reg.url}/kept:2.0.1`, b, '--no-overwrite']);
      expect(next.code).toBe(0);
      expect(next.io.stderr).toEqual([]);
    });
  });

  describe('with htpasswd auth', () => {
    let authReg: LocalRegistry;
    // A bcrypt line for user "ci" / password "stdin-pass-123" (made once with bcryptjs.hashSync, cost 4):
    // an input fixture, checked by the registry itself, not an expected output.
    const HTPASSWD_LINE = 'ci:$2a$04$yISvrm80uozlB4igm4F7nOUQtpS.WARNOFpf..U.E/51D0MBSaaOe\n';
    beforeAll(async () => {
      const file = join(dir, 'htpasswd');
      writeFileSync(file, HTPASSWD_LINE);
      authReg = await startLocalRegistry({ htpasswd: file });
    });
    afterAll(async () => {
      await authReg?.stop();
    });

    it('says how to log in on 401, and pushes with -u and --password-stdin without echoing the password', async () => {
      const anon = captureIo({ cwd: dir, env: { XDG_CACHE_HOME: dir, HOME: dir } });
      expect(await run(['push', `${authReg.url}/private/echo:1.0.0`, actor, '--insecure'], anon)).toBe(1);
      expect(anon.stderr).toEqual([
        `error: authentication required by ${authReg.url}: log in with -u/--user and -p/--password (or --password-stdin), set WASH_REG_USER and WASH_REG_PASSWORD, or run 'docker login ${authReg.url}'`,
      ]);
      const io = captureIo({ cwd: dir, env: { XDG_CACHE_HOME: dir, HOME: dir, NX_WASMCLOUD_DEBUG: '1' }, readStdin: async () => 'stdin-pass-123\n' });
      expect(await run(['push', `${authReg.url}/private/echo:1.0.0`, actor, '--insecure', '-u', 'ci', '--password-stdin', '-o', 'json'], io)).toBe(0);
      expect(JSON.parse(io.stdout[0]).tag).toBe('1.0.0');
      expect(io.stderr.some((l) => l.startsWith('debug: PUT'))).toBe(true);
      expect([...io.stdout, ...io.stderr].join('\n')).not.toMatch(/stdin-pass-123|authorization|Basic /i);
    });
  });
});
