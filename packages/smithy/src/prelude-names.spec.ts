import { bundledAst, preludeShapeNames, smithyApiAst } from './prelude-names';

describe('bundled prelude', () => {
  it('defines the smithy.api shapes and traits the wasmCloud models use', () => {
    const names = preludeShapeNames();
    for (const n of [
      'String',
      'Blob',
      'Boolean',
      'Integer',
      'Timestamp',
      'Document',
      'Unit',
      'required',
      'readonly',
      'idempotent',
      'length',
      'range',
      'enum',
      'sensitive',
      'trait',
      'protocolDefinition',
      'box',
      'documentation',
      'deprecated',
    ]) {
      expect(names.has(n)).toBe(true);
    }
    expect(smithyApiAst().shapes['smithy.api#length'].traits?.['smithy.api#trait']).toBeDefined();
  });

  it('defines the org.wasmcloud.model traits with the selectors of the spec', () => {
    const m = bundledAst('wasmcloud-model.smithy').shapes;
    expect(m['org.wasmcloud.model#wasmbus'].members).toEqual({
      contractId: { target: 'org.wasmcloud.model#CapabilityContractId' },
      actorReceive: { target: 'smithy.api#Boolean' },
      providerReceive: { target: 'smithy.api#Boolean' },
      protocol: { target: 'smithy.api#String', traits: { 'smithy.api#documentation': '"0" (msgpack, the default) or "2" (CBOR).' } },
    });
    expect(m['org.wasmcloud.model#n']).toEqual({
      type: 'short',
      traits: {
        'smithy.api#trait': { selector: 'structure > member' },
        'smithy.api#range': { min: 0 },
        'smithy.api#documentation': 'Zero-based field number of a structure member, used for CBOR array encoding.',
      },
    });
    for (const n of [
      'U8',
      'U16',
      'U32',
      'U64',
      'I8',
      'I16',
      'I32',
      'I64',
      'F32',
      'F64',
      'Unit',
      'codegenRust',
      'serialization',
      'rename',
      'unsignedInt',
      'nonEmptyString',
      'wasmbusData',
      'extends',
    ]) {
      expect(m[`org.wasmcloud.model#${n}`]).toBeDefined();
    }
  });

  it('defines org.wasmcloud.core with the numbered LinkDefinition used on the wire', () => {
    const c = bundledAst('wasmcloud-core.smithy').shapes;
    expect(Object.entries(c['org.wasmcloud.core#LinkDefinition'].members!).map(([k, v]) => [k, v.traits?.['org.wasmcloud.model#n']])).toEqual([
      ['actorId', 0],
      ['providerId', 1],
      ['linkName', 2],
      ['contractId', 3],
      ['values', 4],
    ]);
    expect(c['org.wasmcloud.core#Actor'].traits?.['org.wasmcloud.model#wasmbus']).toEqual({ actorReceive: true });
  });
});
