import fc from 'fast-check';
import { ParseError } from './errors';
import { parseSmithy } from './parser';

const parse = (text: string) => parseSmithy(text, 'test.smithy');

describe('parseSmithy: IDL 1.0 as the wasmCloud models write it', () => {
  const model = `
// leading comment
//! inner-style comment, plain to atelier
metadata package = [ { namespace: "org.example.a", crate: "a_crate"
  py_module: "a_py",, } ]

namespace org.example.a

use org.wasmcloud.model#wasmbus
use org.wasmcloud.model#U32

/// The service
///
///    indented line
@wasmbus(contractId: "ex:a", actorReceive: true,)
service Svc {
  version: "0.1",
  operations: [ Op1, , Op2 ]
}

/// First op
// a plain comment between the doc comment and the trait
@readonly
operation Op1 { input: U32, output: u32 }

operation Op2 { input: String output: Thing }

structure Thing {
  @required
  @length(min: 1, max: 10)
  name: String
  @enum([{ "name": "x", "value": "X" }])
  kind: String,
  count: Integer,
}

list Things { member: Thing, }
set Names { member: String }
map Index { key: String, value: Thing }
`;
  const ast = parse(model);

  it('keeps metadata (commas optional, double commas accepted)', () => {
    expect(ast.smithy).toBe('1.0');
    expect(ast.metadata).toEqual({ package: [{ namespace: 'org.example.a', crate: 'a_crate', py_module: 'a_py' }] });
  });

  it('resolves use, local shapes, the prelude and case-insensitively, as atelier does', () => {
    const op1 = ast.shapes['org.example.a#Op1'];
    expect(op1).toEqual({
      type: 'operation',
      input: { target: 'org.wasmcloud.model#U32' },
      output: { target: 'org.wasmcloud.model#U32' },
      traits: { 'smithy.api#documentation': 'First op', 'smithy.api#readonly': {} },
    });
    expect(ast.shapes['org.example.a#Op2'].input).toEqual({ target: 'smithy.api#String' });
    expect(ast.shapes['org.example.a#Op2'].output).toEqual({ target: 'org.example.a#Thing' });
  });

  it('turns /// into smithy.api#documentation (lines trimmed like atelier, empty lines kept)', () => {
    const svc = ast.shapes['org.example.a#Svc'];
    expect(svc.traits).toEqual({
      'smithy.api#documentation': 'The service\n\nindented line',
      'org.wasmcloud.model#wasmbus': { contractId: 'ex:a', actorReceive: true },
    });
    expect(svc.operations).toEqual([{ target: 'org.example.a#Op1' }, { target: 'org.example.a#Op2' }]);
    expect(svc.version).toBe('0.1');
  });

  it('reads members with and without commas, @enum on a member, list/set/map', () => {
    expect(ast.shapes['org.example.a#Thing']).toEqual({
      type: 'structure',
      members: {
        name: { target: 'smithy.api#String', traits: { 'smithy.api#required': {}, 'smithy.api#length': { min: 1, max: 10 } } },
        kind: { target: 'smithy.api#String', traits: { 'smithy.api#enum': [{ name: 'x', value: 'X' }] } },
        count: { target: 'smithy.api#Integer' },
      },
    });
    expect(ast.shapes['org.example.a#Things']).toEqual({ type: 'list', member: { target: 'org.example.a#Thing' } });
    expect(ast.shapes['org.example.a#Names']).toEqual({ type: 'set', member: { target: 'smithy.api#String' } });
    expect(ast.shapes['org.example.a#Index']).toEqual({ type: 'map', key: { target: 'smithy.api#String' }, value: { target: 'org.example.a#Thing' } });
  });
});

describe('parseSmithy: IDL 2.0', () => {
  const ast = parse(`$version: "2"
$operationInputSuffix: "Req"
metadata tags = ["a"]
metadata tags = ["b"]
namespace ex.two

@mixin
structure Common { @required id: String }

structure Item with [Common] {
  size: Integer = 0
  label: String = "none"
}

enum Color { RED, GREEN = "green" }
intEnum Level { LOW = 1 HIGH = 2 }

operation Get {
  input := @documentation("inline") { key: String }
  output := { item: Item }
  errors: [NotFound]
}

@error("client")
structure NotFound {}

resource Thing { identifiers: { id: String }, read: Get }

service S { version: "2024-01-01", resources: [Thing], rename: { "ex.two#Item": "Element" } }

apply Item$size @documentation("size in bytes")
apply Color {
  @documentation("colors")
  @tags(["x"])
}

@documentation("""
    Text block
      keeps relative indent
    and "quotes" \\n escapes
    """)
string Doc
`);

  it('concatenates repeated metadata arrays', () => {
    expect(ast.smithy).toBe('2.0');
    expect(ast.metadata).toEqual({ tags: ['a', 'b'] });
  });

  it('reads mixins and default values', () => {
    expect(ast.shapes['ex.two#Item']).toEqual({
      type: 'structure',
      mixins: [{ target: 'ex.two#Common' }],
      members: {
        size: { target: 'smithy.api#Integer', traits: { 'smithy.api#default': 0, 'smithy.api#documentation': 'size in bytes' } },
        label: { target: 'smithy.api#String', traits: { 'smithy.api#default': 'none' } },
      },
    });
  });

  it('reads enum and intEnum with enumValue traits', () => {
    expect(ast.shapes['ex.two#Color'].members).toEqual({
      RED: { target: 'smithy.api#Unit', traits: { 'smithy.api#enumValue': 'RED' } },
      GREEN: { target: 'smithy.api#Unit', traits: { 'smithy.api#enumValue': 'green' } },
    });
    expect(ast.shapes['ex.two#Level'].members?.HIGH.traits).toEqual({ 'smithy.api#enumValue': 2 });
  });

  it('creates inline input/output structures with the declared suffixes', () => {
    expect(ast.shapes['ex.two#Get']).toEqual({
      type: 'operation',
      input: { target: 'ex.two#GetReq' },
      output: { target: 'ex.two#GetOutput' },
      errors: [{ target: 'ex.two#NotFound' }],
    });
    expect(ast.shapes['ex.two#GetReq'].traits).toEqual({ 'smithy.api#documentation': 'inline', 'smithy.api#input': {} });
    expect(ast.shapes['ex.two#GetOutput'].members).toEqual({ item: { target: 'ex.two#Item' } });
  });

  it('reads resources, service rename and apply statements (single and block)', () => {
    expect(ast.shapes['ex.two#Thing']).toEqual({ type: 'resource', identifiers: { id: { target: 'smithy.api#String' } }, read: { target: 'ex.two#Get' } });
    expect(ast.shapes['ex.two#S'].rename).toEqual({ 'ex.two#Item': 'Element' });
    expect(ast.shapes['ex.two#Item'].members?.size.traits).toEqual({ 'smithy.api#default': 0, 'smithy.api#documentation': 'size in bytes' });
    expect(ast.shapes['ex.two#Color'].traits).toEqual({ 'smithy.api#documentation': 'colors', 'smithy.api#tags': ['x'] });
    expect(parse('namespace a\napply other#X @sensitive').shapes).toEqual({ 'other#X': { type: 'apply', traits: { 'smithy.api#sensitive': {} } } });
  });

  it('strips incidental whitespace of text blocks and then applies escapes', () => {
    expect(ast.shapes['ex.two#Doc'].traits?.['smithy.api#documentation']).toBe('Text block\n  keeps relative indent\nand "quotes" \n escapes\n');
  });
});

describe('parseSmithy: large strings (a 20 MB doc string once took 20 s and 740 MB)', () => {
  it('reads a quoted string in runs, escapes and all', () => {
    const doc = (text: string) => parse(`namespace a\n@documentation(${text})\nstring X`).shapes['a#X'].traits!['smithy.api#documentation'];
    expect(doc('"plain \\"q\\" \\\\ \\n\\u00e9 \\/ end"')).toBe('plain "q" \\ \n\u00e9 / end');
    expect(doc('""')).toBe('');
    const big = 'lorem ipsum '.repeat(400_000); // 4.8 MB
    expect(doc(`"${big}\\t"`)).toBe(`${big}\t`);
  });

  it('reads a text block of 300,000 lines (the indent was found with Math.min(...lines): RangeError)', () => {
    const lines = '    line\n'.repeat(300_000);
    const ast = parse(`namespace a\n@documentation("""\n${lines}    """)\nstring X`);
    expect(ast.shapes['a#X'].traits!['smithy.api#documentation']).toBe('line\n'.repeat(300_000));
  });
});

describe('parseSmithy: names that are also JavaScript object properties', () => {
  it('treats constructor, toString and __proto__ as ordinary member and key names', () => {
    const ast = parse('namespace a\nstructure X { constructor: String, toString: Integer, __proto__: String }\napply X$constructor @required\n');
    expect(Object.keys(ast.shapes['a#X'].members!)).toEqual(['constructor', 'toString', '__proto__']);
    expect(ast.shapes['a#X'].members!.constructor.traits).toEqual({ 'smithy.api#required': {} });
    expect(Object.getPrototypeOf(ast.shapes['a#X'].members)).toBe(Object.prototype);
    expect(parse('namespace a\n@foo(__proto__: 1, constructor: 2) string Z').shapes['a#Z'].traits!['a#foo']).toEqual(
      JSON.parse('{"__proto__": 1, "constructor": 2}'),
    );
  });
});

describe('parseSmithy errors', () => {
  const fail = (text: string): ParseError => {
    try {
      parse(text);
    } catch (err) {
      expect(err).toBeInstanceOf(ParseError);
      return err as ParseError;
    }
    throw new Error('expected a ParseError');
  };

  it('reports file:line:column and a one-line reason', () => {
    const err = fail('namespace a.b\n\nstructure X {\n  name String\n}\n');
    expect(err.message).toBe("test.smithy:4:8: expected ':', got 'S'");
    expect([err.line, err.column, err.isUserError]).toEqual([4, 8, true]);
  });

  it('rejects shapes before the namespace, unknown shape types, duplicates and bad strings', () => {
    expect(fail('string X').reason).toBe("expected 'namespace' before shape statements");
    expect(fail('namespace a\nwidget X').reason).toBe("unknown shape type 'widget'");
    expect(fail('namespace a\nstring X\nstring X').reason).toBe("shape 'X' is defined twice");
    expect(fail('namespace a\n@documentation("abc\nstring X').reason).toBe('unterminated string');
    expect(fail('namespace a\nuse X').reason).toMatch(/absolute shape id/);
  });

  it('never throws anything but a ParseError on random input (fuzz)', () => {
    const tokens = fc.constantFrom(
      'namespace a.b\n',
      'structure ',
      'X',
      '{',
      '}',
      '[',
      ']',
      '(',
      ')',
      '@',
      ':',
      ',',
      '"',
      '"""',
      '\n',
      ' ',
      '///',
      '$',
      '#',
      'use ',
      'apply ',
      '1',
      '-',
      'true',
      ':=',
      '=',
      'with',
      'operation ',
      'service ',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.array(tokens, { maxLength: 60 }).map((t) => t.join('')),
          fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
        ),
        (text) => {
          try {
            parse(text);
          } catch (err) {
            if (!(err instanceof ParseError)) throw err;
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('fails cleanly on deep nesting instead of overflowing the stack', () => {
    expect(fail(`namespace a\n@documentation(${'['.repeat(5000)})\nstring X`).reason).toBe('values nested too deeply');
  });
});
