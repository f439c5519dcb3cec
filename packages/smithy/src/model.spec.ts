import fc from 'fast-check';
import { ParseError, SmithyError } from './errors';
import { loadModel, modelToJson } from './model';
import { validateModel } from './validate';

const file = (name: string, text: string) => ({ file: name, text });

describe('loadModel', () => {
  it('merges files, concatenates metadata arrays and adds the prelude namespaces', () => {
    const model = loadModel([
      file('a.smithy', 'metadata package = [{ namespace: "ex.a", crate: "a" }]\nnamespace ex.a\nstructure A { b: ex.b#B }'),
      file('b.smithy', 'metadata package = [{ namespace: "ex.b", crate: "b" }]\nnamespace ex.b\nstring B'),
    ]);
    expect(model.shapes.get('ex.a#A')?.members?.b.target).toBe('ex.b#B');
    expect(model.shapes.has('smithy.api#String')).toBe(true);
    expect(model.shapes.has('org.wasmcloud.model#U32')).toBe(true);
    expect(model.shapes.has('org.wasmcloud.core#LinkDefinition')).toBe(true);
    const namespaces = (model.metadata.package as { namespace: string }[]).map((p) => p.namespace);
    expect(namespaces).toEqual(expect.arrayContaining(['ex.a', 'ex.b', 'org.wasmcloud.model', 'org.wasmcloud.core']));
  });

  it('resolves a reference that differs only by case, as atelier does', () => {
    const model = loadModel([file('a.smithy', 'namespace ex.a\nstructure A { n: org.wasmcloud.model#u8, s: ex.a#thing }\nstring Thing')]);
    expect(model.shapes.get('ex.a#A')?.members).toEqual({ n: { target: 'org.wasmcloud.model#U8' }, s: { target: 'ex.a#Thing' } });
  });

  it('applies traits from another file to shapes and members', () => {
    const model = loadModel([
      file('a.smithy', 'namespace ex.a\nstructure A { x: String }'),
      file('b.smithy', 'namespace ex.b\napply ex.a#A @sensitive\napply ex.a#A$x @required'),
    ]);
    expect(model.shapes.get('ex.a#A')).toEqual({
      type: 'structure',
      members: { x: { target: 'smithy.api#String', traits: { 'smithy.api#required': {} } } },
      traits: { 'smithy.api#sensitive': {} },
    });
  });

  it('does not change the ASTs it was given (the prelude cache stays clean)', () => {
    loadModel([file('b.smithy', 'namespace ex.b\napply org.wasmcloud.model#U32 @sensitive')]);
    expect(loadModel([]).shapes.get('org.wasmcloud.model#U32')?.traits).toEqual({ 'org.wasmcloud.model#unsignedInt': {} });
  });

  it('uses a model file that defines org.wasmcloud.model instead of the bundled one', () => {
    const model = loadModel([file('m.smithy', 'namespace org.wasmcloud.model\nstring Mine')]);
    expect(model.shapes.has('org.wasmcloud.model#Mine')).toBe(true);
    expect(model.shapes.has('org.wasmcloud.model#U32')).toBe(false);
  });

  it('rejects a shape defined differently twice, and an apply to nothing', () => {
    expect(() => loadModel([file('a', 'namespace ex\nstring A'), file('b', 'namespace ex\ninteger A')])).toThrow(SmithyError);
    expect(() => loadModel([file('a', 'namespace ex\napply ex#Nope @sensitive')])).toThrow('apply targets unknown shape ex#Nope');
  });

  it('reports an unreadable file as a user error naming it', () => {
    expect(() => loadModel(['/nonexistent/x.smithy'])).toThrow('cannot read model file /nonexistent/x.smithy: ENOENT');
  });

  it('prints the JSON AST without the smithy.api prelude', () => {
    const json = modelToJson(loadModel([file('a', 'namespace ex\nstring A')], { prelude: false }));
    expect(json).toEqual({ smithy: '1.0', metadata: {}, shapes: { 'ex#A': { type: 'string' } } });
  });
});

describe('loadModel + validateModel on generated inputs', () => {
  it('only ever fail with user errors (fuzz over token soups that parse)', () => {
    const piece = fc.constantFrom(
      'structure A { b: B }\n',
      'string B\n',
      'union U { @n(0) a: A }\n',
      'list L { member: A }\n',
      'map M { key: String, value: U }\n',
      '@wasmbus(protocol: "2") service S { version: "1", operations: [O] }\n',
      'operation O { input: A, output: U }\n',
      'apply A @sensitive\n',
      'apply A$b @required\n',
      'structure C { @n(1) x: B, y: u32 }\n',
      'service T { operations: [A], resources: [B] }\n',
      'apply Nope @sensitive\n',
      'structure D { z: org.wasmcloud.model#unit }\n',
      '@n(1) string E\n',
      'resource R { read: O }\n',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const seen = new Set<string>();
        const text =
          'namespace ex\nuse org.wasmcloud.model#wasmbus\nuse org.wasmcloud.model#n\n' +
          pieces.filter((p) => (seen.has(p) ? false : (seen.add(p), true))).join('');
        try {
          validateModel(loadModel([{ file: 'f.smithy', text }]));
        } catch (err) {
          if (!(err instanceof SmithyError) && !(err instanceof ParseError)) throw err;
        }
      }),
      { numRuns: 500 },
    );
  });
});
