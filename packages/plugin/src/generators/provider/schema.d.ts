import type { CommonGeneratorSchema } from '../shared/normalize';

export interface ProviderGeneratorSchema extends CommonGeneratorSchema {
  /** factorial (wasmbus-rpc, needs crates.io) or minimal (std only, offline). */
  template?: 'factorial' | 'minimal';
  /** The capability contract id the provider implements. */
  contractId?: string;
}
