import { contractIdFor, defaultContractId } from './contract-id';

describe('contract ids of generated projects', () => {
  it('gives a name the same default in the provider and interface generators', () => {
    expect(defaultContractId('Calc Engine')).toBe('wasmcloud:example:calc_engine');
    expect(contractIdFor('factorial', undefined)).toBe('wasmcloud:example:factorial');
  });

  it('keeps a given id and refuses an invalid one in one line', () => {
    expect(contractIdFor('x', 'acme:calc')).toBe('acme:calc');
    expect(() => contractIdFor('x', 'Acme Calc')).toThrow('contractId "Acme Calc" is not valid: lowercase letters, digits, "_", ".", ":" and "-"');
  });
});
