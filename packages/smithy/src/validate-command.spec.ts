import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParseError } from './errors';
import { copyFixture, isolatedEnv } from './test-support/fixtures';
import { validate } from './validate-command';

describe('validate (wash validate)', () => {
  const dir = copyFixture('shapes');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('validates the models of a codegen.toml', async () => {
    const r = await validate(join(dir, 'codegen.toml'), isolatedEnv(dir));
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.model.shapes.has('org.example.interface.shapes#Choice')).toBe(true);
  });

  it('validates a list of files and reports problems', async () => {
    writeFileSync(join(dir, 'p.smithy'), 'namespace ex.p\nstructure P { q: Missing }');
    const r = await validate([join(dir, 'p.smithy')]);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.message)).toEqual(['ex.p#P refers to unknown shape ex.p#Missing']);
  });

  it('throws a ParseError for a syntax error', async () => {
    writeFileSync(join(dir, 's.smithy'), 'namespace ex.s\nstructure {');
    await expect(validate([join(dir, 's.smithy')])).rejects.toBeInstanceOf(ParseError);
  });
});
