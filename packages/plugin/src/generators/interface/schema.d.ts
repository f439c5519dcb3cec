import type { CommonGeneratorSchema } from '../shared/normalize';

export interface InterfaceGeneratorSchema extends Omit<CommonGeneratorSchema, 'language'> {
  /** factorial (with a Rust crate for crates.io) or minimal (model + codegen.toml only, offline). */
  template?: 'factorial' | 'minimal';
  contractId?: string;
  /** Smithy namespace. */
  namespace?: string;
  /** Generated languages besides HTML: rust (default) or typescript (adds a ts/ npm package). */
  language?: 'rust' | 'typescript';
  /** With --language=typescript: add the dependencies to package.json without running npm install. */
  skipInstall?: boolean;
}
