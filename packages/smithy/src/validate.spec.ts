import { loadModel } from './model';
import { assertValid, validateModel } from './validate';

const problems = (text: string) =>
  validateModel(
    loadModel([{ file: 't.smithy', text: `namespace ex\nuse org.wasmcloud.model#wasmbus\nuse org.wasmcloud.model#n\nuse org.wasmcloud.model#Unit\n${text}` }]),
  ).map((p) => p.message);

describe('validateModel (what weld checks)', () => {
  it('accepts a consistent model', () => {
    expect(problems('@wasmbus(contractId: "a:b", providerReceive: true) service S { version: "1", operations: [Op] }\noperation Op { input: String }')).toEqual(
      [],
    );
  });

  it('reports unknown shapes and unknown traits', () => {
    expect(problems('structure A { b: Missing }\n@nope string C')).toEqual(['ex#A refers to unknown shape ex#Missing', 'ex#C uses unknown trait @ex#nope']);
  });

  it('checks reference kinds (CorrectTypeReferences)', () => {
    expect(problems('service S { version: "1", operations: [A] }\nstructure A { op: Op }\noperation Op { input: S }')).toEqual([
      'ex#S refers to ex#A, a structure, where an operation is expected',
      'ex#A refers to ex#Op, an operation, where a data shape is expected',
      'ex#Op refers to ex#S, a service, where a data shape is expected',
    ]);
  });

  it('requires @n on all members or none, without duplicates', () => {
    expect(problems('structure A { @n(0) a: String, b: String }')[0]).toMatch(/structure A has incomplete or invalid field numbers/);
    expect(problems('structure A { @n(1) a: String, @n(1) b: String }')[0]).toMatch(/incomplete or invalid field numbers/);
    expect(problems('structure A { @n(1) a: String, @n(0) b: String }')).toEqual([]);
  });

  it('requires numbered union members and protocol "2" for services that reach a union', () => {
    const union = 'union U { @n(0) a: String, @n(1) b: Unit }\nstructure W { u: U }\noperation Op { output: W }';
    expect(problems(`@wasmbus(actorReceive: true) service S { version: "1", operations: [Op] }\n${union}`)).toEqual([
      'service ex#S uses union ex#U and must be declared @wasmbus{protocol: "2"}',
    ]);
    expect(problems(`@wasmbus(actorReceive: true, protocol: "2") service S { version: "1", operations: [Op] }\n${union}`)).toEqual([]);
    expect(problems('union V { a: String }')).toEqual(['union ex#V must have numbered fields']);
  });

  it('rejects an unknown protocol and providerReceive without a contract id', () => {
    expect(problems('@wasmbus(actorReceive: true, protocol: "1") service S { version: "1" }')).toEqual([
      `ex#S: Invalid wasmbus.protocol: '1'. The default value is "0".`,
    ]);
    expect(problems('@wasmbus(providerReceive: true) service S { version: "1" }')).toEqual(['ex#S: @wasmbus(providerReceive: true) needs a contractId']);
  });

  it('assertValid throws the first error as a user error', () => {
    const model = loadModel([{ file: 't', text: 'namespace ex\nstructure A { b: X, c: Y }' }]);
    expect(() => assertValid(model)).toThrow("ex#A refers to unknown shape ex#X (and 1 more problem(s); run 'smithy validate')");
  });
});
