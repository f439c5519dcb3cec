import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'smol-toml';
import { generateHtml } from './codegen/html';
import { generateRust } from './codegen/rust';
import { generateTypeScript } from './codegen/typescript';
import { parseCodegenConfig } from './config';
import { ParseError, SmithyError } from './errors';
import { buildModel, namespaceOf } from './model';
import { parseSmithy } from './parser';
import { resolveSources } from './sources';
import { FIXTURES } from './test-support/fixtures';
import { validateModel } from './validate';

/**
 * The rule for the inputs this package reads (Smithy IDL, codegen.toml; the JSON AST has its
 * own suite in json-ast.spec.ts): whatever the bytes, only ParseError or SmithyError come out, never a
 * TypeError, RangeError or stack overflow. Seeds are real files; mutations cut, repeat and splice them.
 */
const typed = (err: unknown): boolean => err instanceof ParseError || err instanceof SmithyError;

function expectTyped(run: () => void): void {
  try {
    run();
  } catch (err) {
    if (!typed(err)) throw err;
  }
}

/** Cut, duplicate, delete or splice a token into `seed` at fuzzed positions. */
const mutated = (seed: string, tokens: string[]) =>
  fc.tuple(fc.nat(seed.length), fc.nat(seed.length), fc.constantFrom('cut', 'dup', 'del', 'splice'), fc.constantFrom(...tokens)).map(([a, b, how, tok]) => {
    const [i, j] = a <= b ? [a, b] : [b, a];
    if (how === 'cut') return seed.slice(0, i);
    if (how === 'dup') return seed.slice(0, j) + seed.slice(i, j) + seed.slice(j);
    if (how === 'del') return seed.slice(0, i) + seed.slice(j);
    return seed.slice(0, i) + tok + seed.slice(i);
  });

describe('Smithy IDL: parse, merge, validate and generate (fuzz)', () => {
  const seed = readFileSync(join(FIXTURES, 'calc', 'calc.smithy'), 'utf8');
  const tokens = [
    '"',
    '"""',
    '\n',
    '{',
    '}',
    '[',
    ']',
    '(',
    ')',
    '@n(70000)',
    '@n(-1)',
    '@rename([{lang:"Rust",name:"a b"}])',
    '@serialization(name: "\\"")',
    '@wasmbus(protocol: "9")',
    'union U { a: String }',
    'structure',
    'apply Calc @box',
    'use org.wasmcloud.model#nope',
    '$version: "2"',
    ':=',
    '#',
    '$',
    'with [X]',
    '\\u0000',
    '\u202e',
  ];

  it('the seed goes through the whole pipeline', () => {
    const model = buildModel([parseSmithy(seed, 'calc.smithy')]);
    expect(validateModel(model).filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('mutated models only raise typed errors', () => {
    fc.assert(
      fc.property(mutated(seed, tokens), (text) => {
        expectTyped(() => {
          const model = buildModel([parseSmithy(text, 'calc.smithy')]);
          validateModel(model);
          for (const ns of new Set([...model.shapes.keys()].map(namespaceOf))) {
            if (ns === 'smithy.api') continue;
            expectTyped(() => generateRust(model, { namespace: ns }));
            expectTyped(() => generateTypeScript(model, ns));
            expectTyped(() => generateHtml(model, ns));
          }
        });
      }),
      { numRuns: 250, seed: 19 },
    );
  });
});

describe('codegen.toml (fuzz)', () => {
  const file = join(FIXTURES, 'calc', 'codegen.toml');
  const seed = readFileSync(file, 'utf8');
  const read = (text: string) => resolveSources(parseCodegenConfig(text, file));

  it('mutated files only raise typed errors', () => {
    const tokens = [
      '"',
      '[',
      ']]',
      '[[models]]\n',
      'url = "x"\n',
      'url = "file:///etc/passwd"\n',
      'path = 1\n',
      'files = [1]\n',
      '=',
      '\n',
      '[rust]\n',
      'formatter = "x"\n',
      '\u0000',
    ];
    fc.assert(
      fc.property(mutated(seed, tokens), (text) => expectTyped(() => read(text))),
      { numRuns: 300, seed: 19 },
    );
  });

  it('any structure of TOML values only raises typed errors', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer(),
      fc.boolean(),
      fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
    );
    const table = fc.dictionary(fc.constantFrom('path', 'url', 'files', 'output_dir', 'formatter', 'parameters', 'namespace', 'hbs', 'x'), value, {
      maxKeys: 5,
    });
    const doc = fc.record(
      {
        models: fc.oneof(fc.array(table, { maxLength: 3 }), value),
        rust: fc.oneof(
          table.map((t) => ({ ...t, files: [t] })),
          value,
        ),
        typescript: fc.oneof(table, value),
        html: table,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(doc, (d) => expectTyped(() => read(stringify(d)))),
      { numRuns: 300, seed: 19 },
    );
  });
});
