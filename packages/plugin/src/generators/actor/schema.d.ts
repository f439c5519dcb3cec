import type { CommonGeneratorSchema } from '../shared/normalize';

export interface ActorGeneratorSchema extends CommonGeneratorSchema {
  /** hello (wasmbus-rpc + httpserver), minimal (raw ABI, offline), echo-tinygo. */
  template?: 'hello' | 'minimal' | 'echo-tinygo';
  /** Comma-separated capability contract ids the actor is signed with. */
  capabilities?: string;
}
