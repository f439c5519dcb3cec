import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostUserError } from './errors';
import { rustActorModule, sign } from './test-support/fixtures';
import { formatTestResults, readTestOptions, runActorTests } from './test-run';

jest.setTimeout(60_000);

describe('runActorTests', () => {
  it('sends Testing.Start to the signed actor and decodes its CBOR TestResults', async () => {
    const actor = (await sign(rustActorModule(), { name: 'tests', caps: ['wasmcloud:keyvalue'] })).bytes;
    const run = await runActorTests({ actor, testOptions: { patterns: ['.*'], options: {} } });
    expect(run.actor.name).toBe('tests');
    // The claimed contract gets its double by default.
    expect(run.linked).toEqual({ tests: { 'wasmcloud:keyvalue': 'double' } });
    expect(run.results).toEqual([
      { name: 'adds', passed: true },
      { name: 'fails', passed: false, snapData: { error: 'expected 2' }, error: 'expected 2' },
    ]);
  });
});

describe('formatTestResults', () => {
  it("prints wash's lines with the name on failures, and counts", () => {
    expect(
      formatTestResults([
        { name: 'a', passed: true },
        { name: 'b', passed: false, error: 'expected 2' },
        { name: 'c', passed: false },
      ]),
    ).toEqual({
      lines: ['Pass: a', 'Fail: b: expected 2', 'Fail: c: failed', 'Test results: 1/3 Passed'],
      passed: 1,
      total: 3,
      ok: false,
    });
    expect(formatTestResults([{ name: 'a', passed: true }]).ok).toBe(true);
  });
});

describe('readTestOptions', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'host-testopts-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it("reads actor.mk's test-options.json", () => {
    expect(readTestOptions(write('ok.json', '{"patterns": [".*"], "options": {"x": "1"}}'))).toEqual({ patterns: ['.*'], options: { x: '1' } });
  });

  it.each([
    ['bad.json', '{patterns', /bad\.json is not valid JSON: /],
    ['list.json', '[]', /list\.json: expected an object like/],
    ['pat.json', '{"patterns": ".*"}', /pat\.json: "patterns" must be a list of regular expressions/],
    ['opt.json', '{"options": {"n": 1}}', /opt\.json: "options" must map names to strings/],
  ])('refuses %s in one line', (name, text, message) => {
    const file = write(name, text);
    expect(() => readTestOptions(file)).toThrow(HostUserError);
    expect(() => readTestOptions(file)).toThrow(message);
  });

  it('names a missing file', () => {
    expect(() => readTestOptions(join(dir, 'none.json'))).toThrow(/none\.json: cannot read the test options \(ENOENT\)/);
  });
});
