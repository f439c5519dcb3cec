import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPar } from '@nx-wasmcloud/par';
import { customSection, extractClaims, KeyPair, signActor } from '@nx-wasmcloud/wascap';
import { run } from '../program';
import { captureIo } from '../test-support';

/** The smallest valid module with one custom section, so it has something to hash. */
const MODULE = Buffer.concat([Buffer.from('0061736d01000000', 'hex'), customSection('note', new TextEncoder().encode('inspect test'))]);

describe('inspect <target>', () => {
  let dir: string;
  const account = KeyPair.create('account');
  const actorKey = KeyPair.create('module');
  const service = KeyPair.create('service');
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cli-inspect-'));
    writeFileSync(join(dir, 'echo_s.wasm'), await signActor(MODULE, { issuer: account, subject: actorKey, name: 'echo', caps: ['wasmcloud:keyvalue'] }));
    writeFileSync(join(dir, 'prov.bin'), 'provider binary');
    await createPar({
      binaries: [{ target: 'x86_64-linux', path: join(dir, 'prov.bin') }],
      name: 'prov',
      capid: 'wasmcloud:keyvalue',
      vendor: 'acme',
      issuer: account,
      subject: service,
      destination: join(dir, 'prov.par.gz'),
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows an actor module as claims inspect does, and --jwt-only -o json as {token}', async () => {
    const io = captureIo({ cwd: dir, env: {} });
    expect(await run(['inspect', 'echo_s.wasm', '-o', 'json'], io)).toBe(0);
    expect(JSON.parse(io.stdout.join(''))).toMatchObject({ account: account.publicKey, actor: actorKey.publicKey, name: 'echo', capabilities: ['K/V Store'] });
    const jwt = captureIo({ cwd: dir, env: {} });
    expect(await run(['inspect', 'echo_s.wasm', '--jwt-only', '-o', 'json'], jwt)).toBe(0);
    expect(JSON.parse(jwt.stdout.join(''))).toEqual({ token: extractClaims(readFileSync(join(dir, 'echo_s.wasm')))!.jwt });
  });

  it('shows a provider archive as par inspect does', async () => {
    const viaInspect = captureIo({ cwd: dir, env: {} });
    expect(await run(['inspect', 'prov.par.gz', '-o', 'json'], viaInspect)).toBe(0);
    const viaPar = captureIo({ cwd: dir, env: {} });
    expect(await run(['par', 'inspect', 'prov.par.gz', '-o', 'json'], viaPar)).toBe(0);
    expect(JSON.parse(viaInspect.stdout.join(''))).toEqual(JSON.parse(viaPar.stdout.join('')));
    expect(JSON.parse(viaInspect.stdout.join(''))).toMatchObject({ service: service.publicKey });
  });

  it('follows a reference (an OCI image layout) to the artifact behind it', async () => {
    const pushed = captureIo({ cwd: dir, env: {} });
    expect([await run(['push', 'oci:layout:0.1.0', 'echo_s.wasm'], pushed), pushed.stderr]).toEqual([0, []]);
    const io = captureIo({ cwd: dir, env: {} });
    expect(await run(['inspect', 'oci:layout:0.1.0', '-o', 'json'], io)).toBe(0);
    expect(JSON.parse(io.stdout.join(''))).toMatchObject({ module: actorKey.publicKey, name: 'echo' });
  });

  it('fails in one line for a missing file or something that is neither', async () => {
    const missing = captureIo({ cwd: dir, env: {} });
    expect(await run(['inspect', 'nothing.wasm'], missing)).toBe(1);
    expect(missing.stderr).toEqual([expect.stringMatching(/^error: .*nothing\.wasm/)]);
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    const neither = captureIo({ cwd: dir, env: {} });
    expect(await run(['inspect', 'notes.txt'], neither)).toBe(1);
    expect(neither.stderr).toHaveLength(1);
  });
});
