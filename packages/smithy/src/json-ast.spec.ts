import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateHtml } from './codegen/html';
import { generateRust } from './codegen/rust';
import { generateTypeScript } from './codegen/typescript';
import { ParseError, SmithyError } from './errors';
import { checkAst, MAX_VALUE_DEPTH, parseJsonAst } from './json-ast';
import { buildModel } from './model';
import { readSourceFile } from './sources';
import { validateModel } from './validate';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const withTrait = (value: string) => `{"smithy":"1.0","shapes":{"ex#A":{"type":"string","traits":{"ex#t":${value}}}}}`;

describe('parseJsonAst', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'smithy-json-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a 50,000-deep trait value in one line instead of overflowing the stack', () => {
    const file = join(dir, 'deep.json');
    writeFileSync(file, withTrait(nested(50_000)));
    expect(() => readSourceFile(file)).toThrow(new SmithyError(`${file}: not a Smithy JSON AST: trait ex#t on ex#A is nested more than 200 levels deep`));
  });

  it('accepts values nested as deep as the IDL parser allows', () => {
    const ast = parseJsonAst(withTrait(nested(MAX_VALUE_DEPTH)), 'ok.json');
    expect(() => buildModel([ast])).not.toThrow();
  });

  it('refuses ids and member names that are not Smithy identifiers (they become Rust names)', () => {
    const bad = [
      ['{"shapes":{"ex#A(){}":{"type":"string"}}}', 'shape id "ex#A(){}" is not namespace#Name'],
      ['{"shapes":{"ex#A":{"type":"structure","members":{"a; evil":{"target":"smithy.api#String"}}}}}', 'ex#A member name "a; evil" is not an identifier'],
      ['{"shapes":{"ex#A":{"type":"list","member":{"target":"ex#B\\"{}"}}}}', 'ex#A$member needs {"target": "namespace#Name"}, got "ex#B\\"{}"'],
      ['{"shapes":{"ex#A":{"type":"structure","members":{"a":null}}}}', 'ex#A$a needs {"target": "namespace#Name"}, got object'],
      ['{"shapes":{"ex#A":{"type":"operation","input":"ex#B"}}}', 'ex#A input needs {"target": "namespace#Name"}, got "ex#B"'],
      ['{"shapes":{"ex#A":{"type":"service","operations":{}}}}', 'ex#A operations must be a list'],
      ['{"shapes":{"ex#A":{"type":"rocket"}}}', 'shape ex#A has an unknown type "rocket"'],
      ['{"shapes":{"ex#A":{"type":"string","traits":[]}}}', 'traits of ex#A must be an object'],
      ['{"shapes":[]}', 'no "shapes" object'],
      ['[1]', 'the top level must be an object'],
    ];
    for (const [text, msg] of bad) expect(() => parseJsonAst(text, 'm.json')).toThrow(new SmithyError(`m.json: not a Smithy JSON AST: ${msg}`));
    expect(() => parseJsonAst('{"shapes":', 'm.json')).toThrow(/^m\.json: not a Smithy JSON AST: /);
  });

  it('checks caller-built ASTs in buildModel too', () => {
    expect(() => buildModel([{ smithy: '1.0', shapes: { 'ex#A\nfn': { type: 'string' } } }])).toThrow(
      'model input 1: not a Smithy JSON AST: shape id "ex#A\\nfn" is not namespace#Name',
    );
  });

  it('escapes bidi controls, the marks included, in the ids its errors quote', () => {
    expect(() => buildModel([{ smithy: '1.0', shapes: { 'ex#A\u202e\u061c\u200e\u200f': { type: 'string' } } }])).toThrow(
      'model input 1: not a Smithy JSON AST: shape id "ex#A\\u202e\\u061c\\u200e\\u200f" is not namespace#Name',
    );
  });
});

/** Everything a JSON model goes through in validate/gen; only the package's typed errors may escape. */
function pipeline(text: string): void {
  const ast = parseJsonAst(text, 'fuzz.json');
  const model = buildModel([ast]);
  validateModel(model);
  for (const ns of ['ex', 'ex.b']) {
    generateRust(model, { namespace: ns });
    generateTypeScript(model, ns);
    generateHtml(model, ns);
  }
}

const typed = (err: unknown) => err instanceof SmithyError || err instanceof ParseError;

describe('JSON AST fuzzing', () => {
  const seedAst = {
    smithy: '1.0',
    metadata: {
      package: [
        { namespace: 'ex', crate: 'ex' },
        { namespace: 'ex.b', crate: 'ex_b' },
      ],
    },
    shapes: {
      'ex#S': {
        type: 'service',
        version: '1',
        operations: [{ target: 'ex#Op' }],
        traits: { 'org.wasmcloud.model#wasmbus': { contractId: 'a:b', actorReceive: true, protocol: '2' } },
      },
      'ex#Op': { type: 'operation', input: { target: 'ex#R' }, output: { target: 'ex#U' } },
      'ex#R': {
        type: 'structure',
        members: {
          a: { target: 'smithy.api#String', traits: { 'org.wasmcloud.model#n': 0 } },
          b: { target: 'ex.b#L', traits: { 'org.wasmcloud.model#n': 1 } },
        },
      },
      'ex#U': { type: 'union', members: { x: { target: 'smithy.api#Integer', traits: { 'org.wasmcloud.model#n': 0 } } } },
      'ex.b#L': { type: 'list', member: { target: 'smithy.api#Blob' } },
      'ex.b#M': { type: 'map', key: { target: 'smithy.api#String' }, value: { target: 'ex#R' } },
    },
  };
  const seedText = JSON.stringify(seedAst);

  it('the seed model goes through the whole pipeline', () => {
    expect(() => pipeline(seedText)).not.toThrow();
  });

  it('random JSON values only ever raise typed errors', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        for (const text of [JSON.stringify(v), JSON.stringify({ smithy: '1.0', shapes: v }), JSON.stringify({ shapes: { 'ex#A': v } })]) {
          try {
            pipeline(text);
          } catch (err) {
            if (!typed(err)) throw err;
          }
        }
      }),
      { numRuns: 300, seed: 19 },
    );
  });

  it('mutated seed models only ever raise typed errors', () => {
    // Replace one value anywhere in the seed model (a path chosen at random) with a random JSON value.
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, [...path, Array.isArray(v) ? Number(k) : k]);
    };
    walk(seedAst, []);
    fc.assert(
      fc.property(fc.nat(paths.length - 1), fc.jsonValue({ maxDepth: 3 }), (i, value) => {
        const copy = JSON.parse(seedText);
        const path = paths[i];
        if (!path.length) return;
        let holder = copy;
        for (const k of path.slice(0, -1)) holder = holder[k];
        holder[path[path.length - 1]] = value;
        try {
          pipeline(JSON.stringify(copy));
        } catch (err) {
          if (!typed(err)) throw err;
        }
      }),
      { numRuns: 400, seed: 19 },
    );
  });

  it('truncated and byte-flipped files only ever raise typed errors', () => {
    fc.assert(
      fc.property(fc.nat(seedText.length), fc.nat(seedText.length - 1), fc.string({ minLength: 1, maxLength: 1 }), (cut, at, c) => {
        for (const text of [seedText.slice(0, cut), seedText.slice(0, at) + c + seedText.slice(at + 1)]) {
          try {
            pipeline(text);
          } catch (err) {
            if (!typed(err)) throw err;
          }
        }
      }),
      { numRuns: 300, seed: 19 },
    );
  });

  it('checkAst names the offending place in one line', () => {
    expect(() => checkAst({ shapes: { 'ex#A': { type: 'map', key: 5 } } }, 'x')).toThrow(
      /^x: not a Smithy JSON AST: ex#A\$key needs \{"target": "namespace#Name"\}, got number$/,
    );
  });
});
