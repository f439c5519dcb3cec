import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { KeyPair } from '@nx-wasmcloud/wascap';
import { createPar, CreateParOptions, fileStem, parDestination } from './create';
import { InvalidTargetError, ParError, ParIoError } from './errors';
import { inspectPar } from './inspect';
import { buildCBinary } from './test-support/binaries';
import { decodeClaims, entriesOf } from './test-support/archives';
import { testKeys } from './test-support/keys';

let dir: string;
let linuxBin: string;
let macBin: string;
const keys = testKeys();
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex').toUpperCase();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'par-create-'));
  linuxBin = buildCBinary(dir, 'fakepay', 'hello from linux');
  macBin = buildCBinary(dir, 'fakepay_mac', 'pretend macos');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function opts(over: Partial<CreateParOptions> = {}): CreateParOptions {
  return {
    binaries: [{ target: 'x86_64-linux', path: linuxBin }],
    capid: 'examples:payments',
    vendor: 'wasmCloud',
    name: 'Fake Payments',
    rev: 1,
    ver: '1.0',
    ...keys,
    destination: join(dir, 'out.par'),
    ...over,
  };
}

describe('createPar', () => {
  it('writes claims.jwt first, then the binaries sorted by target, with hashes in signed claims', async () => {
    const result = await createPar(
      opts({
        binaries: [
          { target: 'x86_64-macos', path: macBin },
          { target: 'x86_64-linux', path: linuxBin },
        ],
      }),
    );
    const entries = entriesOf(result.file);
    expect(entries.map((e) => e.name)).toEqual(['claims.jwt', 'x86_64-linux.bin', 'x86_64-macos.bin']);
    expect(entries[0].data.toString('utf8')).toBe(result.jwt);
    expect(entries[1].data.equals(readFileSync(linuxBin))).toBe(true);
    const claims = decodeClaims(result.jwt);
    expect(claims.iss).toBe(keys.issuer.publicKey);
    expect(claims.sub).toBe(keys.subject.publicKey);
    expect(claims.wascap).toEqual({
      name: 'Fake Payments',
      capid: 'examples:payments',
      vendor: 'wasmCloud',
      rev: 1,
      ver: '1.0',
      target_hashes: { 'x86_64-linux': sha(linuxBin), 'x86_64-macos': sha(macBin) },
    });
    const report = await inspectPar(result.file);
    expect(report.valid).toBe(true);
    expect(report.compressed).toBe(false);
  });

  it('produces an archive GNU tar unpacks into a binary that runs', async () => {
    const { file } = await createPar(opts({ destination: join(dir, 'run.par') }));
    const out = join(dir, 'unpacked');
    mkdirSync(out);
    execFileSync('tar', ['-xf', file, '-C', out]);
    expect(readdirSync(out).sort()).toEqual(['claims.jwt', 'x86_64-linux.bin']);
    execFileSync('chmod', ['+x', join(out, 'x86_64-linux.bin')]);
    expect(execFileSync(join(out, 'x86_64-linux.bin'), { encoding: 'utf8' })).toBe('hello from linux\n');
  });

  it('compresses with wash gzip header and appends .gz to the destination', async () => {
    const { file, compressed } = await createPar(opts({ destination: join(dir, 'comp.par'), compress: true }));
    expect(file).toBe(join(dir, 'comp.par.gz'));
    expect(compressed).toBe(true);
    expect(readFileSync(file).subarray(0, 10).toString('hex')).toBe('1f8b08000000000002ff');
    expect((await inspectPar(file)).valid).toBe(true);
  });

  it('reports the digest and size of the file it wrote, plain and gzip (the OCI layer digest)', async () => {
    for (const compress of [false, true]) {
      const r = await createPar(opts({ compress, destination: join(dir, `digest${compress ? '-gz' : ''}.par`) }));
      const bytes = readFileSync(r.file);
      expect(r.fileSize).toBe(bytes.length);
      expect(r.fileDigest).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
    }
  });

  it('defaults to <binary stem>.par[.gz] in cwd', async () => {
    const cwd = join(dir, 'cwd');
    mkdirSync(cwd);
    const { file } = await createPar(opts({ destination: undefined, cwd, compress: true }));
    expect(file).toBe(join(cwd, 'fakepay.par.gz'));
    expect(parDestination(undefined, '/x/target/release/libfoo.so', false, '/w')).toBe('/w/libfoo.par');
    expect(parDestination('a/b.par.gz', '/x/y', true, '/w')).toBe('/w/a/b.par.gz');
    expect(fileStem('/a/b/fakepay.exe')).toBe('fakepay');
    expect(fileStem('.hidden')).toBe('.hidden');
  });

  it('is byte-for-byte reproducible under SOURCE_DATE_EPOCH, whatever the target order', async () => {
    const env = { SOURCE_DATE_EPOCH: '1700000000' };
    const a = await createPar(
      opts({
        env,
        compress: true,
        destination: join(dir, 'r1.par.gz'),
        binaries: [
          { target: 'x86_64-linux', path: linuxBin },
          { target: 'aarch64-linux', path: macBin },
        ],
      }),
    );
    const b = await createPar(
      opts({
        env,
        compress: true,
        destination: join(dir, 'r2.par.gz'),
        binaries: [
          { target: 'aarch64-linux', path: macBin },
          { target: 'x86_64-linux', path: linuxBin },
        ],
      }),
    );
    expect(readFileSync(a.file).equals(readFileSync(b.file))).toBe(true);
    expect(decodeClaims(a.jwt).iat).toBe(1700000000);
    // Without it, every write gets a fresh jti/iat like wash.
    const c = await createPar(opts({ destination: join(dir, 'r3.par') }));
    const d = await createPar(opts({ destination: join(dir, 'r4.par') }));
    expect(decodeClaims(c.jwt).jti).not.toBe(decodeClaims(d.jwt).jti);
  });

  it('embeds config_schema from a JSON file', async () => {
    const schemaFile = join(dir, 'schema.json');
    writeFileSync(schemaFile, JSON.stringify({ type: 'object', properties: { port: { type: 'integer' } } }));
    const { jwt } = await createPar(opts({ schemaFile, destination: join(dir, 'schema.par') }));
    expect(decodeClaims(jwt).wascap.config_schema).toEqual({ properties: { port: { type: 'integer' } }, type: 'object' });
    writeFileSync(schemaFile, '{ nope');
    await expect(createPar(opts({ schemaFile, destination: join(dir, 'bad.par') }))).rejects.toThrow(/schema file '.*schema.json' is not valid JSON/);
  });

  it('refuses bad targets and duplicate targets', async () => {
    await expect(createPar(opts({ binaries: [{ target: 'x86_64-darwin', path: linuxBin }] }))).rejects.toThrow(/use 'x86_64-macos'/);
    await expect(createPar(opts({ binaries: [{ target: 'x86_64-apple-darwin', path: linuxBin }] }))).rejects.toThrow(InvalidTargetError);
    await expect(
      createPar(
        opts({
          binaries: [
            { target: 'x86_64-linux', path: linuxBin },
            { target: 'x86_64-linux', path: macBin },
          ],
        }),
      ),
    ).rejects.toThrow(/target 'x86_64-linux' is given twice/);
    await expect(createPar(opts({ binaries: [] }))).rejects.toThrow(ParError);
  });

  it('refuses missing metadata and a revision outside i32', async () => {
    await expect(createPar(opts({ capid: '' }))).rejects.toThrow(/capid must not be empty/);
    await expect(createPar(opts({ vendor: ' ' }))).rejects.toThrow(/vendor must not be empty/);
    await expect(createPar(opts({ rev: 2 ** 31 }))).rejects.toThrow(/not a 32-bit integer/);
  });

  it('names a missing binary and leaves no output behind', async () => {
    const dest = join(dir, 'missing', 'x.par');
    mkdirSync(join(dir, 'missing'));
    const err = await createPar(opts({ binaries: [{ target: 'x86_64-linux', path: join(dir, 'nope') }], destination: dest })).catch((e) => e);
    expect(err).toBeInstanceOf(ParIoError);
    expect(err.message).toMatch(/cannot read binary for x86_64-linux '.*nope': no such file/);
    expect(readdirSync(join(dir, 'missing'))).toEqual([]);
  });

  it('refuses devices, FIFOs and directories as binaries or schema (/dev/zero used to hang)', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const cases: [Partial<CreateParOptions>, string][] = [
      [{ binaries: [{ target: 'x86_64-linux', path: '/dev/zero' }] }, "binary for x86_64-linux '/dev/zero' is a character device"],
      [{ binaries: [{ target: 'x86_64-linux', path: fifo }] }, `binary for x86_64-linux '${fifo}' is a FIFO`],
      [{ binaries: [{ target: 'x86_64-linux', path: dir }] }, `binary for x86_64-linux '${dir}' is a directory`],
      [{ schemaFile: '/dev/zero' }, "schema file '/dev/zero' is a character device"],
    ];
    for (const [over, msg] of cases) {
      await expect(createPar(opts({ ...over, destination: join(dir, 'dev.par') }))).rejects.toThrow(
        new ParIoError(`${msg}, not a regular file; give the file itself`),
      );
    }
    expect(existsSync(join(dir, 'dev.par'))).toBe(false);
  });

  it('refuses a schema file larger than any config schema', async () => {
    const big = join(dir, 'big-schema.json');
    writeFileSync(big, `"${'x'.repeat(1024 * 1024)}"`);
    await expect(createPar(opts({ schemaFile: big }))).rejects.toThrow(
      new ParError(`schema file '${big}' is 1048578 bytes; a config schema over 1048576 bytes is not plausible`),
    );
  });

  it('names the destination (not its temp file) when the directory does not exist', async () => {
    const dest = join(dir, 'no-such-dir', 'x.par');
    await expect(createPar(opts({ destination: dest }))).rejects.toThrow(new ParIoError(`cannot write '${dest}': no such file`));
  });

  it('never overwrites its own input binary', async () => {
    await expect(createPar(opts({ destination: linuxBin }))).rejects.toThrow(/is the binary for target x86_64-linux/);
    expect(existsSync(linuxBin)).toBe(true);
  });

  it('refuses a subject that is not a service key (via wascap)', async () => {
    await expect(createPar(opts({ subject: KeyPair.create('module') }))).rejects.toThrow(/service key/);
  });
});
