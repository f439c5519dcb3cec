import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SmithyError } from './errors';
import { writeIfChanged } from './write-output';

describe('writeIfChanged', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smithy-out-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a new file, then leaves identical content untouched (same mtime)', () => {
    const file = join(dir, 'sub', 'a.txt');
    expect(writeIfChanged(file, 'one').outcome).toBe('written');
    const before = statSync(file).mtimeMs;
    expect(writeIfChanged(file, 'one').outcome).toBe('unchanged');
    expect(statSync(file).mtimeMs).toBe(before);
    expect(writeIfChanged(file, 'two').outcome).toBe('written');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(join(dir, 'sub'))).toEqual(['a.txt']); // no temp files left behind
  });

  it("writes generated pieces as they come (a large model's code is never one string)", () => {
    const file = join(dir, 'chunks.txt');
    function* pieces() {
      for (let i = 0; i < 3000; i++) yield `line ${i} ${'x'.repeat(500)}\n`;
    }
    expect(writeIfChanged(file, pieces()).outcome).toBe('written');
    expect(readFileSync(file, 'utf8')).toBe(Array.from(pieces()).join(''));
    expect(writeIfChanged(file, pieces()).outcome).toBe('unchanged');
    expect(writeIfChanged(file, ['line 0']).outcome).toBe('written');
  });

  it('compares the formatted text when a formatter is given', () => {
    const file = join(dir, 'b.txt');
    writeFileSync(file, 'HELLO\n');
    // `sed -i` stands in for a formatter that rewrites the file in place.
    expect(writeIfChanged(file, 'hello\n', ['sed', '-i', 's/hello/HELLO/']).outcome).toBe('unchanged');
  });

  it('writes unformatted text with a warning when the formatter is missing', () => {
    const file = join(dir, 'c.txt');
    const r = writeIfChanged(file, 'x', ['no-such-formatter-xyz']);
    expect(r).toEqual({ outcome: 'written', warning: `formatter 'no-such-formatter-xyz' not found; ${file} was written unformatted` });
  });

  it('stops a formatter that never finishes, in one line, and leaves no file behind', () => {
    const sub = join(dir, 'hang');
    const file = join(sub, 'd.rs');
    const hang = [process.execPath, '-e', 'setTimeout(() => {}, 600000)'];
    const started = Date.now();
    expect(() => writeIfChanged(file, 'x', hang, 500)).toThrow(
      new SmithyError(
        `formatter '${hang.join(' ')}' did not finish within 500 ms on ${file}; fix the formatter setting in codegen.toml, or raise SMITHY_FORMATTER_TIMEOUT=<seconds>`,
      ),
    );
    expect(Date.now() - started).toBeLessThan(10000);
    expect(readdirSync(sub)).toEqual([]);
  });

  it("reports a failing formatter's first stderr line as a warning", () => {
    const file = join(dir, 'e.txt');
    const r = writeIfChanged(file, 'x', [process.execPath, '-e', 'console.error("bad syntax at 1:1\\nmore"); process.exit(1)']);
    expect(r.warning).toMatch(/failed on .*e\.txt: bad syntax at 1:1$/);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});
