import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../program';
import { captureIo } from '../test-support';

const FIXTURES = join(__dirname, '..', '..', '..', 'smithy', 'src', '__fixtures__');

describe('nx-wasmcloud smithy', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-smithy-'));
    cpSync(join(FIXTURES, 'calc'), dir, { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const io = () => captureIo({ cwd: dir, env: { ...process.env, XDG_CACHE_HOME: join(dir, '.cache') } });

  it('validate reads ./codegen.toml by default and prints a summary', async () => {
    const c = io();
    expect(await run(['smithy', 'validate'], c)).toBe(0);
    expect(c.stdout).toEqual([expect.stringMatching(/^valid: \d+ shapes$/)]);
  });

  it('validate -o json on files reports problems and exits 1', async () => {
    writeFileSync(join(dir, 'bad.smithy'), 'namespace ex.bad\nstructure B { x: Nope }');
    const c = io();
    expect(await run(['smithy', 'validate', 'bad.smithy', '-o', 'json'], c)).toBe(1);
    const json = JSON.parse(c.stdout[0]);
    expect(json.valid).toBe(false);
    expect(json.problems).toEqual([{ severity: 'error', shape: 'ex.bad#B', message: 'ex.bad#B refers to unknown shape ex.bad#Nope' }]);
    expect(c.stderr).toEqual(['error: ex.bad#B refers to unknown shape ex.bad#Nope', 'error: validation failed with 1 error(s)']);
  });

  it('json prints the JSON AST of a file', async () => {
    const c = io();
    expect(await run(['smithy', 'json', 'calc.smithy'], c)).toBe(0);
    const ast = JSON.parse(c.stdout.join('\n'));
    expect(ast.smithy).toBe('1.0');
    expect(ast.shapes['org.example.interface.calc#Random32']).toEqual({ type: 'operation', output: { target: 'org.wasmcloud.model#U32' } });
  });

  it('json reports a syntax error as file:line:column in one line', async () => {
    writeFileSync(join(dir, 'syntax.smithy'), 'namespace ex\nstructure X {\n  a String\n}');
    const c = io();
    expect(await run(['smithy', 'json', 'syntax.smithy'], c)).toBe(1);
    expect(c.stderr).toEqual(["error: syntax.smithy:3:5: expected ':', got 'S'"]);
  });

  it('json and gen refuse devices and hanging inputs in one line', async () => {
    const c = io();
    expect(await run(['smithy', 'json', '/dev/zero'], c)).toBe(1);
    expect(c.stderr).toEqual(['error: model file /dev/zero is a character device, not a regular file']);
    writeFileSync(
      join(dir, 'hang.toml'),
      `[[models]]\npath = "calc.smithy"\n[rust]\noutput_dir = "hang"\nformatter = ["${process.execPath}", "-e", "setTimeout(() => {}, 600000)"]\n[[rust.files]]\npath = "x.rs"\nnamespace = "org.example.interface.calc"\n`,
    );
    const h = captureIo({ cwd: dir, env: { ...process.env, XDG_CACHE_HOME: join(dir, '.cache'), SMITHY_FORMATTER_TIMEOUT: '0.5' } });
    expect(await run(['smithy', 'gen', 'hang.toml'], h)).toBe(1);
    expect(h.stderr).toHaveLength(1);
    expect(h.stderr[0]).toMatch(
      /^error: formatter '.*' did not finish within 500 ms on .*x\.rs; fix the formatter setting in codegen.toml, or raise SMITHY_FORMATTER_TIMEOUT=<seconds>$/,
    );
  });

  it('gen -l typescript writes only the requested language, then reports it unchanged', async () => {
    const c = io();
    expect(await run(['smithy', 'gen', 'codegen.toml', '-l', 'typescript'], c)).toBe(0);
    expect(c.stdout).toEqual(['wrote ts/calc.ts\n1 written, 0 unchanged']);
    expect(readFileSync(join(dir, 'ts/calc.ts'), 'utf8')).toContain('export class CalcSender implements Calc');
    const again = io();
    expect(await run(['smithy', 'gen', '-l', 'typescript', '-o', 'json'], again)).toBe(0);
    expect(JSON.parse(again.stdout[0])).toEqual({ written: [], unchanged: [join(dir, 'ts/calc.ts')], warnings: [] });
  });

  it('gen --output-dir writes below another directory; an unknown language is an error', async () => {
    const c = io();
    expect(await run(['smithy', 'gen', '-l', 'html', '--output-dir', 'out'], c)).toBe(0);
    expect(c.stdout[0]).toContain('wrote out/html/org_example_interface_calc.html');
    const bad = io();
    expect(await run(['smithy', 'gen', '-l', 'cobol'], bad)).toBe(1);
    expect(bad.stderr).toEqual(["error: language 'cobol' is not supported (use rust, typescript, html)"]);
  });
});
