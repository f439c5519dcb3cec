import type { KeyOptions } from '../shared/keys';

export interface SignExecutorSchema extends KeyOptions {
  /** Days until the token expires (none by default, as wash build). */
  expiresInDays?: number;
}
