/**
 * The plugin inside real Nx (the built package in a temp workspace), as nrwl's own e2e suites test
 * caching: restore from cache, rebuild on a source change, re-sign when the module's bytes, a key or
 * SOURCE_DATE_EPOCH change, and no seed anywhere under .nx/.
 */
import { KeyPair, writeKeyFile } from '@nx-wasmcloud/wascap';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { requireTool } from './test-support/executor-context';
import { TempWorkspace } from './test-support/temp-workspace';

requireTool(join(__dirname, '../dist/index.js'), 'the built plugin (nx run @nx-wasmcloud/plugin:build)');
requireTool('/usr/bin/cargo', 'Debian cargo');
jest.setTimeout(240_000);

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : e.isFile() ? [p] : [];
  });
}

describe('the plugin in a real Nx workspace', () => {
  const ws = new TempWorkspace();
  const seeds: string[] = [];
  let env: Record<string, string>;
  afterAll(() => ws.remove());

  const nx = (args: string[], extra: Record<string, string> = {}) => {
    const r = ws.nx(args, { ...env, ...extra });

    const output = `${r.stdout}${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
    if (r.status !== 0) throw new Error(`nx ${args.join(' ')} failed (${r.status}):\n${output}`);
    return output;
  };
  const signed = () => readFileSync(join(ws.root, 'hello/build/hello_s.wasm'));
  const writeKey = async (name: string, role: 'account' | 'module') => {
    const key = KeyPair.create(role);
    seeds.push(key.seed);
    await writeKeyFile(join(ws.root, 'keys', `${name}_${role}.nk`), key, { overwrite: true });
    return key;
  };

  beforeAll(async () => {
    env = { WASH_KEYS: join(ws.root, 'keys'), SOURCE_DATE_EPOCH: '1700000000', USER: 'ci' };
    await writeKey('ci', 'account');
    await writeKey('hello', 'module');
    nx(['g', '@nx-wasmcloud/plugin:interface', 'factorial', '--template=minimal', '--contractId=example:interfaces:factorial']);
    nx(['g', '@nx-wasmcloud/plugin:actor', 'hello', '--template=minimal', '--capabilities=wasmcloud:httpserver,example:interfaces:factorial']);
  });

  it('infers the projects without any toolchain on PATH', () => {
    const bin = join(ws.root, 'node-only');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const out = nx(['show', 'projects'], { PATH: bin });
    expect(out.split('\n').filter(Boolean).sort()).toEqual(['factorial', 'hello', 'ws']);
  });

  it('links the actor to the interface declaring its claimed contract id', () => {
    nx(['graph', '--file=graph.json']);
    const graph = JSON.parse(readFileSync(join(ws.root, 'graph.json'), 'utf8')).graph;
    expect(graph.dependencies.hello).toEqual([{ source: 'hello', target: 'factorial', type: 'static' }]);
  });

  it('builds and signs, then restores both from the cache when the outputs are removed', () => {
    const first = nx(['run', 'hello:sign']);
    expect(first).not.toContain('[local cache]');
    const before = signed();
    rmSync(join(ws.root, 'hello/build'), { recursive: true });
    const second = nx(['run', 'hello:sign']);
    expect(second).toMatch(/nx run hello:build\s+\[local cache\]/);
    expect(second).toMatch(/nx run hello:sign\s+\[local cache\]/);
    expect(signed()).toEqual(before);
  });

  it('rebuilds on a comment-only change, and does not re-sign the byte-identical module', () => {
    const before = signed();
    const lib = join(ws.root, 'hello/src/lib.rs');
    ws.write('hello/src/lib.rs', `${readFileSync(lib, 'utf8')}\n// touched\n`);
    const out = nx(['run', 'hello:sign']);
    expect(out).not.toMatch(/nx run hello:build\s+\[local cache\]/);
    // sign hashes the built module, not the sources: same bytes, same signature.
    expect(out).toMatch(/nx run hello:sign\s+\[local cache\]/);
    expect(signed()).toEqual(before);
  });

  it('rebuilds and re-signs when the code changes', () => {
    const before = signed();
    const lib = join(ws.root, 'hello/src/lib.rs');
    ws.write('hello/src/lib.rs', `${readFileSync(lib, 'utf8')}\n#[no_mangle]\npub extern "C" fn touched() -> i32 {\n    7\n}\n`);
    const out = nx(['run', 'hello:sign']);
    expect(out).not.toMatch(/nx run hello:build\s+\[local cache\]/);
    expect(out).not.toMatch(/nx run hello:sign\s+\[local cache\]/);
    expect(signed()).not.toEqual(before);
  });

  it('re-signs (without rebuilding) when the subject key changes', async () => {
    const key = await writeKey('hello', 'module');
    const out = nx(['run', 'hello:sign']);
    expect(out).toMatch(/nx run hello:build\s+\[local cache\]/);
    expect(out).not.toMatch(/nx run hello:sign\s+\[local cache\]/);
    expect(out).toContain(`module ${key.publicKey}`);
  });

  it('re-signs when SOURCE_DATE_EPOCH changes, and is reproducible when it does not', () => {
    const before = signed();
    expect(nx(['run', 'hello:sign'], { SOURCE_DATE_EPOCH: '1700000000' })).toMatch(/nx run hello:sign\s+\[local cache\]/);
    const out = nx(['run', 'hello:sign'], { SOURCE_DATE_EPOCH: '1800000000' });
    expect(out).toMatch(/nx run hello:build\s+\[local cache\]/);
    expect(out).not.toMatch(/nx run hello:sign\s+\[local cache\]/);
    expect(signed()).not.toEqual(before);
    // Back to the first epoch: a cache hit that restores exactly the first bytes.
    nx(['run', 'hello:sign'], { SOURCE_DATE_EPOCH: '1700000000' });
    expect(signed()).toEqual(before);
  });

  it('never lets a seed reach .nx/ (cache, task hashes, workspace-data)', () => {
    const files = filesUnder(join(ws.root, '.nx'));
    expect(files.some((f) => f.includes('cache'))).toBe(true);
    expect(files.some((f) => f.includes('workspace-data'))).toBe(true);
    for (const f of files) {
      if (statSync(f).size > 50_000_000) continue;
      const text = readFileSync(f).toString('latin1');
      for (const seed of seeds) {
        expect({ file: f, hasSeed: text.includes(seed) }).toEqual({ file: f, hasSeed: false });
        // Seeds are base32; also look for the private part without its prefix.
        expect(text.includes(seed.slice(2))).toBe(false);
      }
    }
  });
});
