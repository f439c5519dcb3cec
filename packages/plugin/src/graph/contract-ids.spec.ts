import { parseSmithy } from '@nx-wasmcloud/smithy';
import { contractIdsOf, scanContractIds } from './contract-ids';

const MODEL = `metadata package = [ { namespace: "org.example.fact", crate: "fact" } ]
namespace org.example.fact

use org.wasmcloud.model#wasmbus
use org.wasmcloud.model#U32
use org.wasmcloud.model#U64

/// Doc mentioning @wasmbus(contractId: "not:this")
@wasmbus(
    contractId: "example:interfaces:factorial",
    actorReceive: true,
    providerReceive: true )
service Factorial {
  version: "0.1",
  operations: [ Calculate ]
}

operation Calculate { input: U32, output: U64 }
`;

describe('contractIdsOf', () => {
  it('reads @wasmbus contract ids with the smithy parser', () => {
    expect(contractIdsOf(MODEL, 'f.smithy')).toEqual(['example:interfaces:factorial']);
  });

  it('skips services without a contract id (actor-to-actor interfaces)', () => {
    const text = 'namespace a.b\nuse org.wasmcloud.model#wasmbus\n@wasmbus(actorReceive: true)\nservice Converter { version: "0.1" }\n';
    expect(contractIdsOf(text, 'c.smithy')).toEqual([]);
  });

  it('falls back to a scan when the file does not parse yet', () => {
    // The parser must really reject this text, or the scan is not what answered.
    expect(() => parseSmithy(`${MODEL}\nstructure {`, 'broken.smithy')).toThrow();
    expect(contractIdsOf(`${MODEL}\nstructure {`, 'broken.smithy')).toEqual(['example:interfaces:factorial']);
  });
});

describe('scanContractIds', () => {
  it('ignores commented-out traits', () => {
    expect(scanContractIds('// @wasmbus(contractId: "old:id")\n@wasmbus(contractId: "new:id")\nservice S {}')).toEqual(['new:id']);
  });
});
