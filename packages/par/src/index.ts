export { createPar, parDestination, fileStem } from './create';
export type { CreateParOptions, CreateParResult, ParBinary } from './create';
export { insertPar } from './insert';
export type { InsertParOptions, InsertParResult } from './insert';
export { inspectPar, inspectParSource } from './inspect';
export type { ScanSourceOptions } from './par-read';
export { MAX_PAR_ENTRIES, MAX_CLAIMS_BYTES } from './par-read';
export { MAX_SCHEMA_BYTES } from './create';
export { regularFile as assertRegularFile } from './input-file';
export type { ParInspection, InspectedTarget } from './inspect';
export { extractParTarget } from './extract';
export type { ExtractedTarget } from './extract';
export { rustTripleToParTarget, hostParTarget, validateParTarget, RUST_TRIPLE_TO_PAR_TARGET } from './targets';
export {
  ParError,
  InvalidTargetError,
  MalformedArchiveError,
  TruncatedArchiveError,
  TargetHashMismatchError,
  InvalidClaimsError,
  TargetNotFoundError,
  ParIoError,
} from './errors';
