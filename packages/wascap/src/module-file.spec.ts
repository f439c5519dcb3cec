import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { InvalidWasmError, ModuleFileError } from './errors';
import { DEFAULT_MAX_MODULE_BYTES, maxModuleBytes, readModuleFile } from './module-file';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'wascap-module-file-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = Buffer.from('0061736d01000000', 'hex');

/** A sparse file of `size` bytes starting with `head`: large on paper, no disk or time spent. */
function sparse(name: string, head: Buffer, size: number): string {
  const file = path.join(dir, name);
  const fd = openSync(file, 'w');
  writeSync(fd, head, 0, head.length, 0);
  ftruncateSync(fd, size);
  closeSync(fd);
  return file;
}

describe('maxModuleBytes', () => {
  it('is 64 MiB unless NX_WASMCLOUD_MAX_MODULE_BYTES or the option says otherwise', () => {
    expect(maxModuleBytes(undefined, {})).toBe(64 * 1024 * 1024);
    expect(DEFAULT_MAX_MODULE_BYTES).toBe(64 * 1024 * 1024);
    expect(maxModuleBytes(undefined, { NX_WASMCLOUD_MAX_MODULE_BYTES: '256MiB' })).toBe(256 * 1024 * 1024);
    expect(maxModuleBytes(undefined, { NX_WASMCLOUD_MAX_MODULE_BYTES: '1000' })).toBe(1000);
    expect(maxModuleBytes(5, { NX_WASMCLOUD_MAX_MODULE_BYTES: '1000' })).toBe(5);
    expect(() => maxModuleBytes(undefined, { NX_WASMCLOUD_MAX_MODULE_BYTES: 'lots' })).toThrow(ModuleFileError);
  });
});

describe('readModuleFile', () => {
  it('reads a module', async () => {
    const file = path.join(dir, 'm.wasm');
    writeFileSync(file, HEADER);
    expect(Buffer.from(await readModuleFile(file))).toEqual(HEADER);
  });

  it('refuses a 1 GiB non-wasm file after its first bytes, and a 1 GiB module by its size, without reading either', async () => {
    const before = process.memoryUsage().rss;
    const junk = sparse('junk.bin', Buffer.from('not wasm'), 1 << 30);
    await expect(readModuleFile(junk)).rejects.toThrow(new InvalidWasmError(`${junk}: not a wasm module: missing the \\0asm magic number`));
    const big = sparse('big.wasm', HEADER, 1 << 30);
    await expect(readModuleFile(big, { env: {} })).rejects.toThrow(
      new ModuleFileError(
        `'${big}' is 1 GiB, more than the 64 MiB limit for a module: if it is genuine, raise the limit with NX_WASMCLOUD_MAX_MODULE_BYTES=<bytes> (e.g. 256MiB)`,
      ),
    );
    expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    expect((await readModuleFile(sparse('ok.wasm', HEADER, 4096), { env: { NX_WASMCLOUD_MAX_MODULE_BYTES: '4096' } })).length).toBe(4096);
  });

  it('refuses non-regular files with one line naming the kind (a FIFO would block, /dev/zero never end)', async () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(readModuleFile(fifo)).rejects.toThrow(`'${fifo}' is a FIFO, not a regular file; give the .wasm file itself`);
    await expect(readModuleFile('/dev/zero')).rejects.toThrow(`'/dev/zero' is a character device, not a regular file; give the .wasm file itself`);
    await expect(readModuleFile(dir, { label: 'my-dir' })).rejects.toThrow(`'my-dir' is a directory, not a regular file; give the .wasm file itself`);
    await expect(readModuleFile(path.join(dir, 'none.wasm'), { label: 'none.wasm' })).rejects.toThrow("cannot read 'none.wasm': no such file");
  });

  it('refuses a file shorter than the header', async () => {
    const file = path.join(dir, 'short.wasm');
    writeFileSync(file, HEADER.subarray(0, 5));
    await expect(readModuleFile(file)).rejects.toThrow(/5 bytes is shorter than the 8-byte header/);
  });
});
