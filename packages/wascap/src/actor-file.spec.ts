import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { signActor, verifyActor } from './actor';
import { signActorFile } from './actor-file';
import { InvalidWasmError, KeyStoreError, ModuleFileError, WascapError } from './errors';
import { KeyPair } from './nkeys';
import { SEED_VECTORS } from './test-support/vectors';
import { ECHO_WAT, wat2wasm } from './test-support/wat';

const issuer = KeyPair.fromSeed(SEED_VECTORS[2][0]);
const subject = KeyPair.fromSeed(SEED_VECTORS[3][0]);
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'wascap-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('signActorFile', () => {
  it('writes the same bytes as signActor, via a temp file that does not remain', async () => {
    const wasm = wat2wasm(ECHO_WAT);
    const src = path.join(dir, 'echo.wasm');
    writeFileSync(src, wasm);
    const env = { SOURCE_DATE_EPOCH: '1700000000' };
    const result = await signActorFile(src, path.join(dir, 'echo_s.wasm'), { issuer, subject, name: 'echo', env });
    expect(result.destination).toBe(path.join(dir, 'echo_s.wasm'));
    const written = readFileSync(result.destination);
    expect(written).toEqual(Buffer.from(await signActor(wasm, { issuer, subject, name: 'echo', env })));
    expect(verifyActor(written).jwt).toBe(result.jwt);
    expect(readdirSync(dir).sort()).toEqual(['echo.wasm', 'echo_s.wasm']);
    expect(readFileSync(src)).toEqual(Buffer.from(wasm));
  });

  it('can sign in place (src === dest) because it renames a temp file over the destination', async () => {
    const src = path.join(dir, 'm.wasm');
    writeFileSync(src, wat2wasm(ECHO_WAT));
    await signActorFile(src, src, { issuer, subject });
    expect(verifyActor(readFileSync(src)).claims.sub).toBe(subject.publicKey);
  });

  it('reports a missing source, a non-wasm source and an unwritable destination as user errors', async () => {
    await expect(signActorFile(path.join(dir, 'none.wasm'), path.join(dir, 'o.wasm'), { issuer, subject })).rejects.toThrow(
      /cannot read '.*none\.wasm': no such file/,
    );
    writeFileSync(path.join(dir, 'x.wasm'), 'text');
    const err = await signActorFile(path.join(dir, 'x.wasm'), path.join(dir, 'o.wasm'), { issuer, subject }).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidWasmError);
    expect(err.message).toContain('x.wasm: not a wasm module');
    writeFileSync(path.join(dir, 'ok.wasm'), wat2wasm(ECHO_WAT));
    const werr = await signActorFile(path.join(dir, 'ok.wasm'), path.join(dir, 'missing-dir', 'o.wasm'), { issuer, subject }).catch((e) => e);
    expect(werr).toBeInstanceOf(WascapError);
    expect(werr.message).toMatch(/cannot write .*o\.wasm: ENOENT/);
  });

  it('refuses a directory, a FIFO and /dev/zero without reading them, and leaves no temp file', async () => {
    execFileSync('mkfifo', [path.join(dir, 'fifo.wasm')]);
    for (const [src, kind] of [
      [dir, 'a directory'],
      [path.join(dir, 'fifo.wasm'), 'a FIFO'],
      ['/dev/zero', 'a character device'],
    ]) {
      const err = await signActorFile(src, path.join(dir, 'o.wasm'), { issuer, subject }).catch((e) => e);
      expect(err).toBeInstanceOf(ModuleFileError);
      expect(err.message).toBe(`'${src}' is ${kind}, not a regular file; give the .wasm file itself`);
    }
    expect(readdirSync(dir)).toEqual(['fifo.wasm']);
  });

  it('calls lazily given keys only after the input has been read and found valid', async () => {
    let called = 0;
    const keys = async () => {
      called++;
      return { issuer, subject };
    };
    writeFileSync(path.join(dir, 'bad.wasm'), Buffer.concat([Buffer.from('0061736d01000000', 'hex'), Buffer.from([1, 10, 0])]));
    await expect(signActorFile(path.join(dir, 'bad.wasm'), path.join(dir, 'o.wasm'), { keys })).rejects.toThrow(/truncated wasm/);
    await expect(signActorFile(path.join(dir, 'none.wasm'), path.join(dir, 'o.wasm'), { keys })).rejects.toThrow(/no such file/);
    await expect(signActorFile(path.join(dir, 'bad.wasm'), path.join(dir, 'o.wasm'), { keys, rev: 2 ** 40 })).rejects.toThrow(/rev must be a 32-bit integer/);
    expect(called).toBe(0);
    writeFileSync(path.join(dir, 'ok.wasm'), wat2wasm(ECHO_WAT));
    const env = { SOURCE_DATE_EPOCH: '1700000000' };
    const lazy = await signActorFile(path.join(dir, 'ok.wasm'), path.join(dir, 'lazy.wasm'), { keys, env });
    const eager = await signActorFile(path.join(dir, 'ok.wasm'), path.join(dir, 'eager.wasm'), { issuer, subject, env });
    expect(called).toBe(1);
    expect(readFileSync(lazy.destination)).toEqual(readFileSync(eager.destination));
    const failing = async () => {
      throw new KeyStoreError('no key');
    };
    await expect(signActorFile(path.join(dir, 'ok.wasm'), path.join(dir, 'x.wasm'), { keys: failing })).rejects.toThrow('no key');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
