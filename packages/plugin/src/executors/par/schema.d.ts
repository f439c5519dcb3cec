import type { KeyOptions } from '../shared/keys';

export interface ParExecutorSchema extends KeyOptions {
  /** A JSON file holding the provider's config schema. */
  schemaFile?: string;
}
