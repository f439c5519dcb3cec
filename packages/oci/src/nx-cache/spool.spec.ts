import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { tempDir } from '../test-support/fixtures';
import { BodyLengthError, downloadSpool, MEMORY_MAX, spoolBody } from './spool';

const sha256 = (b: Buffer) => 'sha256:' + createHash('sha256').update(b).digest('hex');

describe('spool', () => {
  it('holds a small body in memory with its sha256, and re-reads it as often as asked', async () => {
    const dir = tempDir();
    const bytes = randomBytes(1000);
    const held = await spoolBody(Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]), bytes.length, dir);
    expect(held.digest).toBe(sha256(bytes));
    expect(readdirSync(dir)).toEqual([]);
    expect(await text(held.open())).toBe(await text(Readable.from([bytes])));
    expect(held.blob().size).toBe(1000);
  });

  it('puts a body over the memory limit in a temp file, removed by dispose', async () => {
    const dir = tempDir();
    const bytes = randomBytes(MEMORY_MAX + 1);
    const held = await spoolBody(Readable.from([bytes]), bytes.length, dir);
    expect(held.digest).toBe(sha256(bytes));
    expect(readdirSync(dir)).toHaveLength(1);
    await held.dispose();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a body longer or shorter than announced, leaving no file', async () => {
    const dir = tempDir();
    await expect(spoolBody(Readable.from([Buffer.alloc(11)]), 10, dir)).rejects.toBeInstanceOf(BodyLengthError);
    await expect(spoolBody(Readable.from([Buffer.alloc(MEMORY_MAX)]), MEMORY_MAX + 5, dir)).rejects.toThrow(/Content-Length says/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a download spool starts afresh for each try', async () => {
    const spool = downloadSpool(3, 'sha256:x', tempDir());
    spool.openOut().write(Buffer.from('bad'));
    const out = spool.openOut();
    out.write(Buffer.from('abc'));
    expect(await text(spool.done().open())).toBe('abc');
  });
});
