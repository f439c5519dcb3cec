import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { signActor, verifyActor } from './actor';
import { signActorFile } from './actor-file';
import { InvalidWasmError, WascapError } from './errors';
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
    await expect(signActorFile(path.join(dir, 'none.wasm'), path.join(dir, 'o.wasm'), { issuer, subject })).rejects.toThrow(/cannot read .*none\.wasm: ENOENT/);
    writeFileSync(path.join(dir, 'x.wasm'), 'text');
    const err = await signActorFile(path.join(dir, 'x.wasm'), path.join(dir, 'o.wasm'), { issuer, subject }).catch((e) => e);
    expect(err).toBeInstanceOf(InvalidWasmError);
    expect(err.message).toContain('x.wasm: not a wasm module');
    writeFileSync(path.join(dir, 'ok.wasm'), wat2wasm(ECHO_WAT));
    const werr = await signActorFile(path.join(dir, 'ok.wasm'), path.join(dir, 'missing-dir', 'o.wasm'), { issuer, subject }).catch((e) => e);
    expect(werr).toBeInstanceOf(WascapError);
    expect(werr.message).toMatch(/cannot write .*o\.wasm: ENOENT/);
  });
});
