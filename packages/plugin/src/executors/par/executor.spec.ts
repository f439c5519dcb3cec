import { inspectPar } from '@nx-wasmcloud/par';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureOutput, executorContext } from '../../test-support/executor-context';
import { PROVIDER_TOML, tempTree } from '../../test-support/files';
import parExecutor, { builtBinaries } from './executor';

describe('par executor', () => {
  const ws = tempTree({
    'fact/wasmcloud.toml': PROVIDER_TOML,
    'fact/Cargo.toml': '[package]\nname = "fact"\nversion = "0.2.0"\n[[bin]]\nname = "fact_bin"\npath = "src/main.rs"\n',
  });
  const saved = { ...process.env };
  beforeAll(() => {
    process.env.WASH_KEYS = join(ws.root, 'keys');
    process.env.SOURCE_DATE_EPOCH = '1700000000';
    process.env.XDG_CACHE_HOME = join(ws.root, 'xdg');
    for (const [triple, name] of [
      ['x86_64-unknown-linux-gnu', 'fact_bin'],
      ['aarch64-unknown-linux-gnu', 'fact_bin'],
      ['x86_64-pc-windows-gnu', 'fact_bin.exe'],
    ]) {
      mkdirSync(join(ws.root, 'fact/build/bin', triple), { recursive: true });
      writeFileSync(join(ws.root, 'fact/build/bin', triple, name), `binary for ${triple}`);
    }
  });
  afterAll(() => {
    process.env = saved;
    ws.cleanup();
  });

  it('finds the binaries the build left, mapped to PAR target names', () => {
    expect(builtBinaries(join(ws.root, 'fact'), 'fact_bin').map((b) => b.target)).toEqual(['aarch64-linux', 'x86_64-windows', 'x86_64-linux']); // sorted by triple
  });

  it('packs every target with claims from wasmcloud.toml into build/<bin>.par.gz', async () => {
    const out = captureOutput();
    const result = await parExecutor({}, executorContext(ws.root, 'fact', 'fact', 'par')).finally(out.restore);
    expect(result).toEqual({ success: true });
    const par = await inspectPar(join(ws.root, 'fact/build/fact_bin.par.gz'));
    expect(par.claims.wascap).toMatchObject({ name: 'fact', capid: 'example:interfaces:factorial', vendor: 'Acme', ver: '0.2.0', rev: 0 });
    expect(par.claims.sub).toMatch(/^V/);
    expect(par.targets.map((t) => [t.target, t.valid])).toEqual([
      ['aarch64-linux', true],
      ['x86_64-linux', true],
      ['x86_64-windows', true],
    ]);
    // The push that follows finds the archive's digest and kind without reading it again.
    const file = join(ws.root, 'fact/build/fact_bin.par.gz');
    const cache = JSON.parse(readFileSync(join(ws.root, 'xdg/nx-wasmcloud/oci-digests.json'), 'utf8'));
    const bytes = readFileSync(file);
    expect(cache[file]).toMatchObject({ digest: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, size: bytes.length, kind: 'provider' });
  });

  it('fails in one line when nothing was built', async () => {
    ws.write({ 'empty/wasmcloud.toml': PROVIDER_TOML.replace('"fact"', '"empty"') });
    const out = captureOutput();
    const result = await parExecutor({}, executorContext(ws.root, 'empty', 'empty', 'par')).finally(out.restore);
    expect(result).toEqual({ success: false });
    expect(out.text().trim()).toBe('error: no binaries in empty/build/bin: run the build target first');
  });
});
