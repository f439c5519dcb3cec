import { loadModel } from './model';
import { contractIds, protocolOf, sortedFields, wasmbusOf } from './wasmcloud';

describe('wasmCloud trait helpers', () => {
  it('collects contract ids of @wasmbus services', () => {
    const model = loadModel([
      {
        file: 'a',
        text: 'namespace ex\nuse org.wasmcloud.model#wasmbus\n@wasmbus(contractId: "a:b", providerReceive: true) service S { version: "1" }\n@wasmbus(actorReceive: true) service T { version: "1" }',
      },
    ]);
    expect(contractIds(model)).toEqual(new Map([['ex#S', 'a:b']]));
    expect(wasmbusOf(model.shapes.get('ex#T')!.traits)).toEqual({ contractId: undefined, actorReceive: true, providerReceive: false, protocol: undefined });
  });

  it('protocol defaults to "0" and only "0" and "2" are valid', () => {
    expect(protocolOf({ actorReceive: true, providerReceive: false }, 'ex#S')).toBe('0');
    expect(() => protocolOf({ actorReceive: true, providerReceive: false, protocol: '3' }, 'ex#S')).toThrow("Invalid wasmbus.protocol: '3'");
  });

  it('escapes control and bidi characters, the marks included, in the protocol its error quotes', () => {
    const protocol = '2\n\u001b[2J\u202e\u061c\u200e\u200f';
    expect(() => protocolOf({ actorReceive: true, providerReceive: false, protocol }, 'ex#S')).toThrow(
      'ex#S: Invalid wasmbus.protocol: \'2\\n\\x1b[2J\\u202e\\u061c\\u200e\\u200f\'. The default value is "0".',
    );
  });

  it('sorts fields by @n when numbered, else by name (weld get_sorted_fields)', () => {
    const m = { members: { b: { target: 'x' }, a: { target: 'y' } }, type: 'structure' };
    expect(sortedFields('ex#A', m).fields.map((f) => f.name)).toEqual(['a', 'b']);
    const n = {
      type: 'structure',
      members: { a: { target: 'x', traits: { 'org.wasmcloud.model#n': 3 } }, b: { target: 'y', traits: { 'org.wasmcloud.model#n': 1 } } },
    };
    expect(sortedFields('ex#A', n)).toMatchObject({
      numbered: true,
      fields: [
        { name: 'b', num: 1 },
        { name: 'a', num: 3 },
      ],
    });
  });
});
